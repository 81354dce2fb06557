using System.Text;
using Newtonsoft.Json;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// Builds one <c>upload_data</c> body as records arrive: each record is serialized once, straight into the buffer
/// that becomes the request body.
/// </summary>
internal sealed class UploadBodyWriter
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly MemoryStream _stream;
    private readonly StreamWriter _text;
    private readonly JsonTextWriter _json;

    public UploadBodyWriter()
    {
        _stream = new MemoryStream(64 * 1024);
        _text = new StreamWriter(_stream, Utf8, 16 * 1024, leaveOpen: true);
        _json = new JsonTextWriter(_text) { Formatting = Formatting.None, CloseOutput = false };
        _json.WriteStartObject();
        _json.WritePropertyName("data");
        _json.WriteStartArray();
    }

    public int Count { get; private set; }

    public void Add(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        JsonValueWriter.WriteRecord(_json, fields);
        Count++;
    }

    public RequestBody Finish(int? ttlSeconds, Guid batchId, bool completed)
    {
        _json.WriteEndArray();
        _json.WritePropertyName("ttl_seconds");
        if (ttlSeconds is { } ttl)
        {
            _json.WriteValue(ttl);
        }
        else
        {
            _json.WriteNull();
        }

        _json.WritePropertyName("batch_uuid");
        _json.WriteValue(batchId.ToString("D"));
        _json.WritePropertyName("batch_completed");
        _json.WriteValue(completed);
        _json.WriteEndObject();
        _json.Flush();
        _text.Flush();
        return RequestBody.FromStream(_stream);
    }
}
