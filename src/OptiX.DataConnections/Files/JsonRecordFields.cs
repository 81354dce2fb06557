using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Files;

/// <summary>A JSON object as record fields: scalars as plain values (so a key can be read), nesting kept as JSON.</summary>
internal static class JsonRecordFields
{
    public static KeyValuePair<string, object?>[] From(JObject record)
    {
        var fields = new KeyValuePair<string, object?>[record.Count];
        var i = 0;
        foreach (var property in record.Properties())
        {
            fields[i++] = new KeyValuePair<string, object?>(property.Name, property.Value is JValue scalar ? scalar.Value : property.Value);
        }

        return fields;
    }
}
