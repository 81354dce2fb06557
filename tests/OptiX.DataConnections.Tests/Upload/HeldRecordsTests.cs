using System.Text;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Tests.Support;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

/// <summary>
/// The engine keeps no object of a file record or of a record given as its fields alone while its request is on its
/// way, and reuses request buffers: a record handed back still has its own fields, file and place.
/// </summary>
public class HeldRecordsTests
{
    private static readonly Connection Scripted = new() { ConnectionId = Guid.NewGuid(), Name = "scripted", PrimaryKey = "customer_id" };

    [Fact]
    public async Task Records_handed_back_late_in_an_upload_have_their_own_fields_file_and_place()
    {
        // Refused keys in late requests, after many buffers were given back and written again.
        int[] poisoned = [9_001, 9_999, 10_001, 15_000, 19_999];
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var json = JObject.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
            var keys = ((JArray)json["data"]!).Select(r => (int)r["customer_id"]!).ToList();
            await UploadEngineTests.Answer(context, keys.Any(poisoned.Contains) ? 422 : 200, keys.Any(poisoned.Contains)
                ? """{"detail":"value is not valid"}"""
                : $$"""{"uploaded_records":{{keys.Count}}}""");
        });
        using var client = TestClients.Client(server.BaseUri);
        using var upload = OptiXUploadAdapter.Start(client, Scripted, new UploadOptions { BatchSize = 500 }, CancellationToken.None);

        var handedBack = new List<HandedBackRecord>();
        for (var i = 1; i <= 20_000; i++)
        {
            // The first half from a file, the second given as fields alone.
            var fields = Fields(i);
            var source = i <= 10_000 ? FileRecord.Read(i <= 5_000 ? "a.csv" : "b.csv", i, fields) : null;
            if (await upload.AddAsync(source, fields) is { } refused)
            {
                handedBack.Add(refused);
            }

            handedBack.AddRange(upload.TakeFinished().SelectMany(o => o.HandedBack));
        }

        await upload.CompleteAsync();
        handedBack.AddRange(upload.TakeFinished().SelectMany(o => o.HandedBack));

        Assert.Equal(poisoned, handedBack.Select(Key).OrderBy(k => k));
        foreach (var record in handedBack)
        {
            var key = Key(record);
            var (fields, place) = record.Source switch
            {
                FileRecord file => (file.Fields!, file.Path == (key <= 5_000 ? "a.csv" : "b.csv") && file.Number == key),
                RestoredRecord restored => (restored.Fields, restored.Number == key && key > 10_000),
                _ => throw new InvalidOperationException($"Unexpected source {record.Source}"),
            };
            Assert.True(place, $"record {key} came back as {record.Source}");
            Assert.Equal(Fields(key).Select(f => $"{f.Key}={f.Value}"), fields.Select(f => $"{f.Key}={f.Value}"));
        }

        Assert.Equal(20_000 - poisoned.Length, upload.Totals.RecordsSent);
    }

    [Fact]
    public async Task A_record_refused_at_once_without_a_source_comes_back_with_its_fields()
    {
        using var upload = OptiXUploadAdapter.Start(null, Scripted, new UploadOptions { DryRun = true }, CancellationToken.None);

        var refused = await upload.AddAsync(null, [new("name", "no key")]);

        var restored = Assert.IsType<RestoredRecord>(refused!.Source);
        Assert.Equal(1, restored.Number);
        Assert.Equal("no key", Assert.Single(restored.Fields).Value);
        Assert.Equal(RefusalReason.MissingPrimaryKey, refused.Reason);
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("caf\u00e9 \u20ac 100")]
    [InlineData("emoji \ud83d\ude00 and \u4e2d\u6587")]
    [InlineData("lone high \ud83d then text")]
    [InlineData("lone low \ude00 then text")]
    [InlineData("high at the end \ud83d")]
    public void The_request_buffer_holds_what_a_UTF8_encoder_writes(string text)
    {
        var writer = new Utf8BufferWriter(new byte[4]);
        writer.Write(text);
        writer.Write(text.ToCharArray(), 0, text.Length);
        foreach (var c in text)
        {
            writer.Write(c);
        }

        // A high surrogate left at the very end is completed or replaced by what follows; here, nothing: flush it.
        writer.Write('.');
        var expected = new UTF8Encoding(false).GetBytes(text + text + text + ".");
        Assert.Equal(expected, writer.Buffer.Take(writer.Length));
    }

    private static int Key(HandedBackRecord record) => record.Source switch
    {
        FileRecord file => Convert.ToInt32(file.Fields!.First(f => f.Key == "customer_id").Value),
        RestoredRecord restored => Convert.ToInt32(restored.Fields.First(f => f.Key == "customer_id").Value),
        _ => -1,
    };

    private static List<KeyValuePair<string, object?>> Fields(int i) =>
        [new("customer_id", (long)i), new("name", $"customer {i} \u00e9\u20ac"), new("tier", i % 2 == 0 ? "gold" : "silver")];
}
