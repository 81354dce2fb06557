using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json;

namespace OptiX.DataConnections.Http;

/// <summary>
/// A JSON body serialized once and sent as often as retries need, without copying the buffer.
/// </summary>
public sealed class RequestBody
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private readonly byte[] _buffer;
    private readonly int _length;

    public RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public int Length => _length;

    public static RequestBody FromStream(MemoryStream stream) =>
        new(stream.GetBuffer(), checked((int)stream.Length));

    /// <summary>A body written by <paramref name="write"/> as compact UTF-8 JSON (no byte-order mark, invariant culture).</summary>
    public static RequestBody Json(Action<JsonWriter> write, int capacity = 1024)
    {
        var stream = new MemoryStream(capacity);
        using (var text = new StreamWriter(stream, Utf8, 16 * 1024, leaveOpen: true))
        using (var json = new JsonTextWriter(text) { Formatting = Formatting.None, Culture = CultureInfo.InvariantCulture })
        {
            write(json);
        }

        return FromStream(stream);
    }

    internal HttpContent CreateContent()
    {
        var content = new ByteArrayContent(_buffer, 0, _length);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }
}
