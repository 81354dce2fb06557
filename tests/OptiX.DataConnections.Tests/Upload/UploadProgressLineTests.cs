using System.Globalization;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

public class UploadProgressLineTests
{
    private const long GiB = 1L << 30;

    public UploadProgressLineTests() => CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>41% of a 10 GiB, 1,000,000-row file, 410,000 acknowledged, after <paramref name="elapsedSeconds"/>.</summary>
    private static UploadProgress TenGiBFile(double elapsedSeconds, long refused = 1_234) => new()
    {
        RecordsRead = 412_000,
        RecordsSent = 410_000,
        RecordsRefused = refused,
        Requests = 82,
        Elapsed = TimeSpan.FromSeconds(elapsedSeconds),
        BytesDone = 4_410_000_000,
        BytesTotal = 10 * GiB,
    };

    /// <summary>
    /// The line as PowerShell 7.6's minimal view draws it (ProgressNode.RenderAnsi, without the colour escapes): an
    /// activity wider than half the line is cut to half with an ellipsis; the status is cut with an ellipsis where it
    /// meets the time left, which stays at the end.
    /// </summary>
    private static string RenderMinimal(string activity, string status, int? secondsRemaining, int width = 80)
    {
        var time = secondsRemaining is { } s ? $"{s}s" : string.Empty;
        if (activity.Length > width / 2)
        {
            activity = activity.Substring(0, (width / 2) - 1) + "\u2026";
        }

        var bar = width - activity.Length - 4;
        var room = bar - (time.Length + 1);
        if (status.Length > room)
        {
            status = status.Substring(0, room - 1) + "\u2026";
        }

        return $"{activity} [{status.PadRight(bar - time.Length - 1)}{time}]";
    }

    [Theory]
    [InlineData("Sending to 'Loyalty'", 60)]
    [InlineData("Sending to 'Loyalty'", 2_000)]
    [InlineData("Sending to Monetate 'customers'", 2_000)]
    [InlineData("Sending to 'Nightly CRM export of every loyalty customer, all brands'", 200_000)]
    public void At_80_columns_the_whole_status_and_the_time_left_fit(string activity, double elapsedSeconds)
    {
        var progress = TenGiBFile(elapsedSeconds);
        var status = UploadProgressLine.Status(progress, activity);
        var seconds = UploadProgressLine.SecondsRemaining(progress);

        var line = RenderMinimal(activity, status, seconds);

        Assert.NotNull(seconds);
        Assert.True(line.Length <= 80, line);
        Assert.EndsWith($" {seconds}s]", line);
        Assert.Contains($"[{status} ", line);
        Assert.StartsWith("41% \u00B7 410,000 sent", status);
    }

    [Fact]
    public void A_short_activity_leaves_room_for_every_figure_most_important_first()
    {
        var activity = "Sending to 'Loyalty'";

        Assert.Equal("41% \u00B7 410,000 sent \u00B7 205k/s \u00B7 4.1 of 10.0 GiB", UploadProgressLine.Status(TenGiBFile(2, refused: 0), activity));
        Assert.Equal("41% \u00B7 410,000 sent \u00B7 1,234 refused \u00B7 205k/s", UploadProgressLine.Status(TenGiBFile(2), activity));
    }

    [Fact]
    public void A_long_activity_keeps_the_first_figures_and_drops_the_rest_whole()
    {
        var activity = "Sending to 'Nightly CRM export of every loyalty customer, all brands'";
        var status = UploadProgressLine.Status(TenGiBFile(2_000), activity);

        Assert.Equal("41% \u00B7 410,000 sent \u00B7 205/s", status);
    }

    [Fact]
    public void The_time_left_follows_the_bytes_read_so_far()
    {
        var progress = TenGiBFile(2_000);

        Assert.Equal(41, UploadProgressLine.PercentComplete(progress));
        Assert.Equal(2_869, UploadProgressLine.SecondsRemaining(progress));
    }

    [Fact]
    public void Piped_records_have_no_percentage_and_no_time_left()
    {
        var progress = new UploadProgress { RecordsRead = 5_000, RecordsSent = 4_000, Requests = 1, Elapsed = TimeSpan.FromSeconds(2) };

        Assert.Null(UploadProgressLine.PercentComplete(progress));
        Assert.Null(UploadProgressLine.SecondsRemaining(progress));
        Assert.Equal("4,000 sent \u00B7 2,000/s", UploadProgressLine.Status(progress, "Sending to 'Loyalty'"));
    }

    [Fact]
    public void The_current_operation_has_every_figure()
    {
        var detail = UploadProgressLine.Detail(TenGiBFile(2_000));

        Assert.Equal("412,000 records read, 410,000 acknowledged in 82 request(s), 1,234 refused, 205 records/s; 4,205.7 of 10,240.0 MiB read", detail);
    }
}
