using System.Text.Json;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Requests;

internal static class UpdatedRecords
{
    /// <summary>
    /// The records to store for update_data items. The record is the item's <c>data</c>; if <c>data</c> lacks the
    /// primary-key field it is added (first), and if it holds a different key the request is rejected (400, index).
    /// </summary>
    public static IReadOnlyList<RecordWrite> Build(IReadOnlyList<UpdateDataItem> items, string primaryKeyField)
    {
        var records = new List<RecordWrite>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            string json;
            if (item.Data.TryGetProperty(primaryKeyField, out var keyInData))
            {
                if (PrimaryKey.ToStringForm(keyInData) != item.Key)
                {
                    throw ApiProblem.BadRequest(
                        $"Item at index {index}: data field '{primaryKeyField}' ({keyInData.GetRawText()}) "
                        + $"disagrees with primary_key ({item.PrimaryKeyValue.GetRawText()})");
                }
                json = item.Data.GetRawText();
            }
            else
            {
                json = WithKeyFirst(item.Data.GetRawText(), primaryKeyField, item.PrimaryKeyValue.GetRawText());
            }
            records.Add(new RecordWrite(item.Key, json, Expiry.Milliseconds(item.Ttl)));
        }
        return records;
    }

    // Text surgery keeps the rest of the record byte for byte as received. objectJson is an object's raw text,
    // so it starts with '{'.
    private static string WithKeyFirst(string objectJson, string field, string keyJson)
    {
        var property = JsonSerializer.Serialize(field, EmulatorJson.Options) + ":" + keyJson;
        var rest = objectJson[1..].TrimStart();
        return rest.StartsWith('}') ? "{" + property + "}" : "{" + property + "," + rest;
    }
}
