using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Tests.Support;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

/// <summary>A record handed back is what the user gave, even when the adapter sent something else, and keeps repeated columns.</summary>
public class ChangedRecordsTests
{
    private static readonly Connection Scripted = new() { ConnectionId = Guid.NewGuid(), Name = "scripted", PrimaryKey = "customer_id" };

    [Fact]
    public async Task Records_the_adapter_changed_come_back_as_given()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var json = JObject.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
            var keys = ((JArray)json["data"]!).Select(r => (string)r["customer_id"]!).ToList();
            var refuse = keys.Contains("2") || keys.Contains("3");
            await UploadEngineTests.Answer(context, refuse ? 422 : 200, refuse ? "{\"detail\":\"value is not valid\"}" : $"{{\"uploaded_records\":{keys.Count}}}");
        });
        using var client = TestClients.Client(server.BaseUri);
        using var inner = OptiXUploadAdapter.Start(client, Scripted, new UploadOptions(), CancellationToken.None);
        using var upload = new UploadEngine(new ConvertingAdapter(inner.Adapter), new UploadEngineOptions { BatchSize = 10 }, CancellationToken.None);

        var handedBack = new List<HandedBackRecord>();
        foreach (var (source, fields) in new (object?, List<KeyValuePair<string, object?>>)[] { (FileRecord.Read("a.csv", 1, Given(1)), Given(1)), (FileRecord.Read("a.csv", 2, Given(2)), Given(2)), (null, Given(3)) })
        {
            if (await upload.AddAsync(source, fields) is { } refused)
            {
                handedBack.Add(refused);
            }
        }

        await upload.CompleteAsync();
        handedBack.AddRange(upload.TakeFinished().SelectMany(o => o.HandedBack));

        var file = Assert.IsType<FileRecord>(Assert.Single(handedBack, h => h.Source is FileRecord).Source);
        Assert.Equal(["customer_id=2", "tier=yes"], file.Fields!.Select(f => $"{f.Key}={f.Value}"));
        var restored = Assert.IsType<RestoredRecord>(Assert.Single(handedBack, h => h.Source is RestoredRecord).Source);
        Assert.Equal(["customer_id=3", "tier=yes"], restored.Fields.Select(f => $"{f.Key}={f.Value}"));
    }

    [Fact]
    public void A_repeated_column_comes_back_as_two_fields()
    {
        var records = new EncodedRecords();
        records.Add([new("customer_id", "5"), new("tag", "a"), new("tag", "b"), new("nested", new List<object?> { 1L, "x" })]);

        var fields = EncodedRecords.FieldsOf(records.Record(0));

        Assert.Equal(["customer_id=5", "tag=a", "tag=b"], fields.Take(3).Select(f => $"{f.Key}={f.Value}"));
        Assert.Equal("[1,\"x\"]", Assert.IsType<JArray>(fields[3].Value).ToString(Newtonsoft.Json.Formatting.None));
    }

    private static List<KeyValuePair<string, object?>> Given(int i) => [new("customer_id", i.ToString()), new("tier", "yes")];

    /// <summary>An adapter that sends something other than what it was given, as Monetate's converts values.</summary>
    private sealed class ConvertingAdapter(IUploadAdapter inner) : IUploadAdapter
    {
        public string Route => inner.Route;

        public bool HasBatches => inner.HasBatches;

        public string BodyPrefix => inner.BodyPrefix;

        public string BodySuffix(bool completesBatch) => inner.BodySuffix(completesBatch);

        public RecordCheck Check(IReadOnlyList<KeyValuePair<string, object?>> fields) =>
            RecordCheck.Accept(fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value is "yes" ? true : f.Value)).ToList(), null);

        public IReadOnlyList<string> MissingFields(IReadOnlyCollection<string> names) => inner.MissingFields(names);

        public Task<int?> SendAsync(RequestBody body, CancellationToken cancellationToken) => inner.SendAsync(body, cancellationToken);

        public bool StopsTheUpload(ServiceException error) => inner.StopsTheUpload(error);

        public bool IsBatchCompleted(ServiceException error) => inner.IsBatchCompleted(error);
    }
}
