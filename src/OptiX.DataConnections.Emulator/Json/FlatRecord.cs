using System.Text;
using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Json;

/// <summary>
/// A record as Emarsys external content wants it, every value a string: nested objects are flattened with dotted keys
/// (<c>{"a":{"b":1}}</c> gives <c>"a.b": "1"</c>; an empty one gives its key ""), arrays are written as compact JSON,
/// numbers as their JSON text, booleans as true/false, null as "". When two paths flatten to the same key, the later wins.
/// </summary>
internal static class FlatRecord
{
    public static Dictionary<string, string> Flatten(string objectJson)
    {
        using var document = JsonDocument.Parse(objectJson);
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        AddFields(document.RootElement, "", flat);
        return flat;
    }

    private static void AddFields(JsonElement record, string prefix, Dictionary<string, string> flat)
    {
        foreach (var field in record.EnumerateObject())
        {
            var key = prefix + field.Name;
            if (field.Value.ValueKind == JsonValueKind.Object && field.Value.EnumerateObject().Any())
            {
                AddFields(field.Value, key + ".", flat);
            }
            else
            {
                flat[key] = ToText(field.Value);
            }
        }
    }

    private static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => Compact(value),
        _ => "",
    };

    private static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = EmulatorJson.Options.Encoder }))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
