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
    private static readonly byte[] Nothing = [];
    private readonly byte[] _head;
    private readonly byte[] _buffer;
    private readonly int _offset;
    private readonly int _count;
    private readonly byte[] _tail;
    private readonly int _length;

    public RequestBody(byte[] buffer, int length)
        : this(Nothing, buffer, 0, length, Nothing)
    {
    }

    /// <summary>A body sent as <paramref name="head"/>, then a slice of <paramref name="buffer"/>, then <paramref name="tail"/>, without joining them.</summary>
    public RequestBody(byte[] head, byte[] buffer, int offset, int count, byte[] tail)
    {
        _head = head;
        _buffer = buffer;
        _offset = offset;
        _count = count;
        _tail = tail;
        _length = head.Length + count + tail.Length;
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
        HttpContent content = _head.Length == 0 && _tail.Length == 0
            ? new ByteArrayContent(_buffer, _offset, _count)
            : new SlicedContent(this);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private sealed class SlicedContent : HttpContent
    {
        private readonly RequestBody _body;

        public SlicedContent(RequestBody body) => _body = body;

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_body._head, 0, _body._head.Length).ConfigureAwait(false);
            await stream.WriteAsync(_body._buffer, _body._offset, _body._count).ConfigureAwait(false);
            await stream.WriteAsync(_body._tail, 0, _body._tail.Length).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body._length;
            return true;
        }
    }
}
