using System.Text;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

public class UploadBodyWriterTests
{
    [Fact]
    public void Writes_the_upload_body_with_records_batch_and_ttl()
    {
        var writer = new UploadBodyWriter();
        writer.Add([new("id", 1), new("name", "Zoë \"Z\""), new("tags", new List<object?> { "a", 2, null })]);
        writer.Add([new("id", "2"), new("nested", new List<KeyValuePair<string, object?>> { new("x", true) })]);
        var batchId = Guid.NewGuid();

        var json = Parse(writer.Finish(3600, batchId, completed: false));

        Assert.Equal(2, ((JArray)json["data"]!).Count);
        Assert.Equal(1, (int)json["data"]![0]!["id"]!);
        Assert.Equal("Zoë \"Z\"", (string?)json["data"]![0]!["name"]);
        Assert.Equal(JTokenType.Null, json["data"]![0]!["tags"]![2]!.Type);
        Assert.True((bool)json["data"]![1]!["nested"]!["x"]!);
        Assert.Equal(3600, (int)json["ttl_seconds"]!);
        Assert.Equal(batchId.ToString(), (string?)json["batch_uuid"]);
        Assert.False((bool)json["batch_completed"]!);
    }

    [Fact]
    public void No_ttl_is_sent_as_null()
    {
        var writer = new UploadBodyWriter();
        writer.Add([new("id", 1)]);
        var json = Parse(writer.Finish(null, Guid.NewGuid(), completed: true));
        Assert.Equal(JTokenType.Null, json["ttl_seconds"]!.Type);
        Assert.True((bool)json["batch_completed"]!);
    }

    private static JObject Parse(DataConnections.Http.RequestBody body)
    {
        var content = body.CreateContent();
        var text = content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.Equal(Encoding.UTF8.GetByteCount(text), body.Length);
        return JObject.Parse(text);
    }
}
