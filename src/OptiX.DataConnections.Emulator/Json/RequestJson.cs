using System.Text.Json;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Json;

/// <summary>
/// A request body read and checked by <see cref="JsonBody"/>: its UTF-8 bytes and how many JSON tokens they hold.
/// Small bodies are read as one <see cref="JsonDocument"/> (<see cref="RootElement"/>); the record routes take their
/// records one by one (<see cref="SplitArray"/>, <see cref="RootArrayElements"/>), so that a large body never becomes
/// one large document. Disposing it gives its memory back to the <see cref="BodyBudget"/>.
/// </summary>
internal sealed class RequestJson : IDisposable
{
    /// <summary>A document of more tokens than this (about 48 MB of index) is refused rather than built.</summary>
    public const int MaxDocumentTokens = 4_000_000;

    private readonly BodyBudget.Lease _lease;
    private JsonDocument? _document;

    public RequestJson(ReadOnlyMemory<byte> utf8, int tokens, BodyBudget.Lease lease)
    {
        Utf8 = utf8;
        Tokens = tokens;
        _lease = lease;
    }

    public ReadOnlyMemory<byte> Utf8 { get; }

    public int Tokens { get; }

    /// <summary>The whole body as one document (for the routes whose bodies are small).</summary>
    public JsonElement RootElement
    {
        get
        {
            if (_document is null)
            {
                if (Tokens > MaxDocumentTokens)
                {
                    throw ApiProblem.TooLarge($"The body holds {Tokens} JSON values; this route takes at most {MaxDocumentTokens}");
                }
                _document = JsonDocument.Parse(Utf8, new JsonDocumentOptions { MaxDepth = JsonScan.MaxDepth });
            }
            return _document.RootElement;
        }
    }

    /// <summary>
    /// For a root object with one large array property (upload_data's <c>data</c>): the object without that array's
    /// elements (<c>[]</c> in its place; other arrays and objects as empty ones, the envelope's fields being scalars),
    /// the array's elements as byte ranges (the first <paramref name="keepAtMost"/>), and how many it has. Null when the
    /// root is not an object.
    /// </summary>
    public SplitBody? SplitArray(string property, int keepAtMost)
    {
        var json = Utf8.Span;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonScan.MaxDepth });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        var envelope = new List<byte>(256) { (byte)'{' };
        var elements = new List<ReadOnlyMemory<byte>>();
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var isProperty = reader.ValueTextEquals(property);
            var nameEnd = nameStart + reader.ValueSpan.Length + 2;
            reader.Read();
            if (envelope.Count > 1)
            {
                envelope.Add((byte)',');
            }
            envelope.AddRange(json[nameStart..nameEnd]);
            envelope.Add((byte)':');
            if (isProperty && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (count++ < keepAtMost)
                    {
                        elements.Add(Utf8[start..(int)reader.BytesConsumed]);
                    }
                }
                envelope.AddRange("[]"u8);
                continue;
            }
            var valueStart = (int)reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                envelope.AddRange(reader.TokenType == JsonTokenType.StartObject ? "{}"u8 : "[]"u8);
                reader.Skip();
            }
            else
            {
                envelope.AddRange(json[valueStart..(int)reader.BytesConsumed]);
            }
        }
        envelope.Add((byte)'}');
        using var document = JsonDocument.Parse(envelope.ToArray());
        return new SplitBody(document.RootElement.Clone(), elements, count);
    }

    /// <summary>For a root array (update_data): its elements as byte ranges, the first <paramref name="keepAtMost"/>, and how many it has; null when the root is not an array.</summary>
    public (IReadOnlyList<ReadOnlyMemory<byte>> Elements, int Count)? RootArrayElements(int keepAtMost)
    {
        var reader = new Utf8JsonReader(Utf8.Span, new JsonReaderOptions { MaxDepth = JsonScan.MaxDepth });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }
        var elements = new List<ReadOnlyMemory<byte>>();
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (count++ < keepAtMost)
            {
                elements.Add(Utf8[start..(int)reader.BytesConsumed]);
            }
        }
        return (elements, count);
    }

    public void Dispose()
    {
        _document?.Dispose();
        _lease.Dispose();
    }
}

/// <summary>See <see cref="RequestJson.SplitArray"/>.</summary>
internal sealed record SplitBody(JsonElement Envelope, IReadOnlyList<ReadOnlyMemory<byte>> Elements, int Count);
