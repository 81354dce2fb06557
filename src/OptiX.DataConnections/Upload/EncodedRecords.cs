using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// The records of one request, each serialized once as it arrives into one buffer, with where each one lies, so that
/// a body can be cut for any contiguous run of them (a request split in halves) without serializing again.
/// </summary>
internal sealed class EncodedRecords
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly Utf8BufferWriter _text;
    private readonly List<int> _ends = [];
    private JsonTextWriter _json;

    /// <param name="buffer">A buffer to write into (one a finished request gave back), or null for a new one.</param>
    public EncodedRecords(byte[]? buffer = null)
    {
        _text = new Utf8BufferWriter(buffer ?? new byte[64 * 1024]);
        _text.Write('[');
        _json = NewJsonWriter();
    }

    public int Count => _ends.Count;

    /// <summary>The buffer, to be given to the next request's records once this request has ended.</summary>
    public byte[] Buffer => _text.Buffer;

    /// <summary>The bytes of every record so far, with a comma between each two.</summary>
    public long Bytes => _text.Length - 1;

    /// <summary>Serializes a record; returns its length in bytes. A record that cannot be written throws and is not kept.</summary>
    public int Add(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        var before = _text.Length;
        try
        {
            if (_ends.Count > 0)
            {
                _text.Write(',');
            }

            // One writer for every record: each is a root value of its own, and the writer is back at its start after it.
            JsonValueWriter.WriteRecord(_json, fields);
        }
        catch
        {
            // Nothing of a half-written record may stay, nor the writer's state inside it.
            Rewind(before);
            _json = NewJsonWriter();
            throw;
        }

        _ends.Add(_text.Length);
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
        var from = Start(start);
        return new RequestBody(Utf8.GetBytes(prefix), _text.Buffer, from, _ends[end - 1] - from, Utf8.GetBytes(suffix));
    }

    /// <summary>The serialized bytes of one record.</summary>
    public byte[] Record(int index)
    {
        var bytes = new byte[Length(index)];
        System.Buffer.BlockCopy(_text.Buffer, Start(index), bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>A body of one record given as bytes.</summary>
    public static RequestBody Body(byte[] record, string prefix, string suffix) =>
        new(Utf8.GetBytes(prefix), record, 0, record.Length, Utf8.GetBytes(suffix));

    /// <summary>The fields of a record read back from its serialized bytes, as a JSON file's reader gives them.</summary>
    public static KeyValuePair<string, object?>[] FieldsOf(byte[] record)
    {
        // Property by property, not through a JObject: a CSV header may name a column twice, and each stays a field.
        using var reader = new JsonTextReader(new StreamReader(new MemoryStream(record), Utf8)) { DateParseHandling = DateParseHandling.None };
        var fields = new List<KeyValuePair<string, object?>>();
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var name = (string)reader.Value!;
            reader.Read();
            object? value = reader.TokenType is JsonToken.StartObject or JsonToken.StartArray ? JToken.ReadFrom(reader) : reader.Value;
            fields.Add(new KeyValuePair<string, object?>(name, value));
        }

        return fields.ToArray();
    }

    /// <summary>The UTF-8 length of a vendor's framing text.</summary>
    public static int ByteCount(string text) => Utf8.GetByteCount(text);

    // Record i starts after the previous record's end and the comma the writer put before it (none before the first).
    private int Start(int index) => index == 0 ? 1 : _ends[index - 1] + 1;

    private void Rewind(int length) => _text.Truncate(length);

    private JsonTextWriter NewJsonWriter() =>
        new(_text) { Formatting = Formatting.None, CloseOutput = false, Culture = CultureInfo.InvariantCulture };
}
