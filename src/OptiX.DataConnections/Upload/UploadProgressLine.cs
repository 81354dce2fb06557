using System.Globalization;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// The words of an upload's progress record. PowerShell 7's one-line view draws "activity [status ... 2934s]" in the
/// console's width: it cuts an activity wider than half the line, then cuts the status with an ellipsis where it meets
/// the time left. So the status holds only what fits beside the time left at 80 columns, most important first, and the
/// full figures go to the current operation (shown by the classic view, Windows PowerShell's).
/// </summary>
public static class UploadProgressLine
{
    /// <summary>The narrowest console the line is made for.</summary>
    public const int Columns = 80;

    private const string Separator = " \u00B7 ";

    public static int? PercentComplete(UploadProgress progress) =>
        progress.BytesTotal > 0 ? (int)Math.Min(100, progress.BytesDone * 100 / progress.BytesTotal) : null;

    /// <summary>From the bytes read so far and the rate so far; unknown for piped records, whose total is unknown.</summary>
    public static int? SecondsRemaining(UploadProgress progress)
    {
        var seconds = progress.Elapsed.TotalSeconds;
        if (progress.BytesTotal <= 0 || progress.BytesDone <= 0 || seconds <= 0)
        {
            return null;
        }

        var rate = progress.BytesDone / seconds;
        return (int)Math.Min(int.MaxValue, Math.Max(0, (progress.BytesTotal - progress.BytesDone) / rate));
    }

    /// <summary>"41% · 412,000 sent · 205k/s · 4.1 of 10.0 GiB": each part in that order while it fits the room beside <paramref name="activity"/> and the time left.</summary>
    public static string Status(UploadProgress progress, string activity)
    {
        var parts = new List<string>();
        if (PercentComplete(progress) is { } percent)
        {
            parts.Add($"{percent}%");
        }

        parts.Add($"{progress.RecordsSent:N0} sent");
        if (progress.RecordsRefused > 0)
        {
            parts.Add($"{progress.RecordsRefused:N0} refused");
        }

        if (progress.RecordsSent > 0 && progress.Elapsed.TotalSeconds > 0)
        {
            parts.Add($"{Compact(progress.RecordsSent / progress.Elapsed.TotalSeconds)}/s");
        }

        if (progress.BytesTotal > 0)
        {
            parts.Add(Bytes(progress.BytesDone, progress.BytesTotal));
        }

        var room = StatusRoom(activity, SecondsRemaining(progress));
        var status = parts[0];
        foreach (var part in parts.Skip(1))
        {
            if (status.Length + Separator.Length + part.Length <= room)
            {
                status += Separator + part;
            }
        }

        return status;
    }

    /// <summary>Every figure, for the current operation.</summary>
    public static string Detail(UploadProgress progress)
    {
        var detail = $"{progress.RecordsRead:N0} records read, {progress.RecordsSent:N0} acknowledged in {progress.Requests:N0} request(s), {progress.RecordsRefused:N0} refused";
        if (progress.RecordsFailed > 0)
        {
            detail += $", {progress.RecordsFailed:N0} failed";
        }

        if (progress.Elapsed.TotalSeconds > 0)
        {
            detail += $", {progress.RecordsSent / progress.Elapsed.TotalSeconds:N0} records/s";
        }

        return progress.BytesTotal > 0
            ? detail + $"; {progress.BytesDone / 1048576.0:N1} of {progress.BytesTotal / 1048576.0:N1} MiB read"
            : detail;
    }

    /// <summary>
    /// The status's room in PowerShell 7.6's one-line view (ProgressNode.RenderAnsi): the activity takes at most half
    /// the width, 4 cells go to the spaces and brackets, and the time left ("2934s") with its space stays at the end.
    /// </summary>
    public static int StatusRoom(string activity, int? secondsRemaining, int columns = Columns)
    {
        var activityWidth = Math.Min(activity.Length, columns / 2);
        var timeWidth = secondsRemaining is { } seconds ? seconds.ToString(CultureInfo.InvariantCulture).Length + 2 : 1;
        return columns - activityWidth - 4 - timeWidth;
    }

    private static string Compact(double value) => value switch
    {
        < 10_000 => value.ToString("N0", CultureInfo.CurrentCulture),
        < 100_000 => (value / 1_000).ToString("0.#", CultureInfo.CurrentCulture) + "k",
        < 1_000_000 => (value / 1_000).ToString("0", CultureInfo.CurrentCulture) + "k",
        _ => (value / 1_000_000).ToString("0.#", CultureInfo.CurrentCulture) + "M",
    };

    private static string Bytes(long done, long total)
    {
        var (scale, unit) = total switch
        {
            >= 1L << 30 => (1L << 30, "GiB"),
            >= 1L << 20 => (1L << 20, "MiB"),
            _ => (1L << 10, "KiB"),
        };
        return $"{(done / (double)scale).ToString("0.0", CultureInfo.CurrentCulture)} of {(total / (double)scale).ToString("0.0", CultureInfo.CurrentCulture)} {unit}";
    }
}
