using System.Net.Http.Headers;

namespace OptiX.DataConnections.Http;

/// <summary>
/// A JSON body serialized once and sent as often as retries need, without copying the buffer.
/// </summary>
public sealed class RequestBody
{
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

    internal HttpContent CreateContent()
    {
        var content = new ByteArrayContent(_buffer, 0, _length);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }
}
