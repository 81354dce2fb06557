using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// The records of one request, each serialized once as it arrives into one buffer, with where each one lies, so that
/// a body can be cut for any contiguous run of them (a request split in halves) without serializing again.
/// </summary>
internal sealed class EncodedRecords
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly MemoryStream _stream = new(64 * 1024);
    private readonly StreamWriter _text;
    private readonly List<int> _ends = [];

    public EncodedRecords()
    {
        _text = new StreamWriter(_stream, Utf8, 16 * 1024, leaveOpen: true);
        _text.Write('[');
        _text.Flush();
    }

    public int Count => _ends.Count;

    /// <summary>The bytes of every record so far, with a comma between each two.</summary>
    public long Bytes => _stream.Length - 1;

    /// <summary>Serializes a record; returns its length in bytes. A record that cannot be written throws and is not kept.</summary>
    public int Add(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        var before = _stream.Length;
        try
        {
            if (_ends.Count > 0)
            {
                _text.Write(',');
            }

            using (var json = new JsonTextWriter(_text) { Formatting = Formatting.None, CloseOutput = false, Culture = CultureInfo.InvariantCulture })
            {
                JsonValueWriter.WriteRecord(json, fields);
            }

            _text.Flush();
        }
        catch
        {
            // Nothing of a half-written record may stay.
            _text.Flush();
            Rewind(before);
            throw;
        }

        _ends.Add(checked((int)_stream.Length));
        return Length(_ends.Count - 1);
    }

    /// <summary>Removes the last record (one that turned out too large to send with the others).</summary>
    public void RemoveLast()
    {
        var start = Start(_ends.Count - 1) - (_ends.Count > 1 ? 1 : 0);
        _ends.RemoveAt(_ends.Count - 1);
        Rewind(start);
    }

    public int Length(int index) => _ends[index] - Start(index);

    /// <summary>A body holding records <paramref name="start"/> to <paramref name="end"/> (exclusive), framed by the vendor's text.</summary>
    public RequestBody Body(int start, int end, string prefix, string suffix)
    {
        var buffer = _stream.GetBuffer();
        var head = Utf8.GetBytes(prefix);
        var tail = Utf8.GetBytes(suffix);
        var from = Start(start);
        var to = _ends[end - 1];
        var body = new byte[head.Length + (to - from) + tail.Length];
        Buffer.BlockCopy(head, 0, body, 0, head.Length);
        Buffer.BlockCopy(buffer, from, body, head.Length, to - from);
        Buffer.BlockCopy(tail, 0, body, head.Length + (to - from), tail.Length);
        return new RequestBody(body, body.Length);
    }

    /// <summary>The serialized bytes of one record.</summary>
    public byte[] Record(int index)
    {
        var bytes = new byte[Length(index)];
        Buffer.BlockCopy(_stream.GetBuffer(), Start(index), bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>A body of one record given as bytes.</summary>
    public static RequestBody Body(byte[] record, string prefix, string suffix)
    {
        var head = Utf8.GetBytes(prefix);
        var tail = Utf8.GetBytes(suffix);
        var body = new byte[head.Length + record.Length + tail.Length];
        Buffer.BlockCopy(head, 0, body, 0, head.Length);
        Buffer.BlockCopy(record, 0, body, head.Length, record.Length);
        Buffer.BlockCopy(tail, 0, body, head.Length + record.Length, tail.Length);
        return new RequestBody(body, body.Length);
    }

    /// <summary>The UTF-8 length of a vendor's framing text.</summary>
    public static int ByteCount(string text) => Utf8.GetByteCount(text);

    // Record i starts after the previous record's end and the comma the writer put before it (none before the first).
    private int Start(int index) => index == 0 ? 1 : _ends[index - 1] + 1;

    private void Rewind(long length)
    {
        _stream.SetLength(length);
        _stream.Position = length;
    }
}
