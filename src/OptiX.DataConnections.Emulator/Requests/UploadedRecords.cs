using System.Text;
using System.Text.Json;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary>A record as uploaded: the string form of its primary key and its JSON text exactly as received.</summary>
internal readonly record struct UploadedRecord(string Key, string Json);

internal static class UploadedRecords
{
    /// <summary>
    /// Every record must be an object with a non-empty scalar under the connection's primary-key field;
    /// the first one that is not rejects the whole request (400 naming its index).
    /// </summary>
    public static IReadOnlyList<UploadedRecord> Read(IReadOnlyList<ReadOnlyMemory<byte>> data, string primaryKeyField)
    {
        var records = new List<UploadedRecord>(data.Count);
        for (var index = 0; index < data.Count; index++)
        {
            var raw = data[index].Span;
            var key = KeyOf(raw, primaryKeyField, index);
            records.Add(new UploadedRecord(key, Encoding.UTF8.GetString(raw)));
        }
        return records;
    }

    // The body was checked as a whole (JsonScan), so each record is valid JSON: one forward pass over its top-level
    // properties finds the key without building a document. A field given twice counts by its last value, as
    // JsonElement.TryGetProperty reads it.
    private static string KeyOf(ReadOnlySpan<byte> record, string primaryKeyField, int index)
    {
        var reader = new Utf8JsonReader(record, new JsonReaderOptions { MaxDepth = JsonScan.MaxDepth });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ApiProblem.BadRequest($"Record at index {index} is not a JSON object");
        }
        var found = false;
        var kind = JsonTokenType.None;
        string? key = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isKey = reader.ValueTextEquals(primaryKeyField);
            reader.Read();
            if (isKey)
            {
                found = true;
                kind = reader.TokenType;
                key = kind switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => null,
                };
            }
            reader.Skip();
        }
        if (!found || kind == JsonTokenType.Null || key is { Length: 0 })
        {
            throw ApiProblem.BadRequest($"Record at index {index} has no value for primary key '{primaryKeyField}'");
        }
        return key ?? throw ApiProblem.BadRequest(
            $"Record at index {index} has a value for primary key '{primaryKeyField}' that is not a string, number or boolean");
    }
}
