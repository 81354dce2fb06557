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
        var index = 0;
        foreach (var raw in data)
        {
            // One small document per record: the body as a whole is never one.
            using var document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = JsonScan.MaxDepth });
            var record = document.RootElement;
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw ApiProblem.BadRequest($"Record at index {index} is not a JSON object");
            }
            if (!record.TryGetProperty(primaryKeyField, out var keyValue)
                || keyValue.ValueKind == JsonValueKind.Null
                || PrimaryKey.ToStringForm(keyValue) is { Length: 0 })
            {
                throw ApiProblem.BadRequest($"Record at index {index} has no value for primary key '{primaryKeyField}'");
            }
            var key = PrimaryKey.ToStringForm(keyValue) ?? throw ApiProblem.BadRequest(
                $"Record at index {index} has a value for primary key '{primaryKeyField}' that is not a string, number or boolean");
            records.Add(new UploadedRecord(key, Encoding.UTF8.GetString(raw.Span)));
            index++;
        }
        return records;
    }
}
