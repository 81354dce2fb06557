using System.Collections;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Upload;

/// <summary>Writes record values straight to a <see cref="JsonWriter"/>, with fast paths for the common scalar types.</summary>
public static class JsonValueWriter
{
    private const int MaxDepth = 32;
    private static readonly JsonSerializer Fallback = JsonSerializer.CreateDefault();

    public static void WriteRecord(JsonWriter writer, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        writer.WriteStartObject();
        for (var i = 0; i < fields.Count; i++)
        {
            writer.WritePropertyName(fields[i].Key);
            WriteValue(writer, fields[i].Value, 0);
        }

        writer.WriteEndObject();
    }

    public static void WriteValue(JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonSerializationException($"A value is nested more than {MaxDepth} levels deep.");
        }

        switch (value)
        {
            case null:
                writer.WriteNull();
                break;
            case string text:
                writer.WriteValue(text);
                break;
            case bool flag:
                writer.WriteValue(flag);
                break;
            case int number:
                writer.WriteValue(number);
                break;
            case long number:
                writer.WriteValue(number);
                break;
            case double number:
                writer.WriteValue(number);
                break;
            case decimal number:
                writer.WriteValue(number);
                break;
            case DateTime date:
                writer.WriteValue(date);
                break;
            case DateTimeOffset date:
                writer.WriteValue(date);
                break;
            case JToken token:
                token.WriteTo(writer);
                break;
            case IReadOnlyList<KeyValuePair<string, object?>> fields:
                writer.WriteStartObject();
                foreach (var field in fields)
                {
                    writer.WritePropertyName(field.Key);
                    WriteValue(writer, field.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                Fallback.Serialize(writer, value);
                break;
        }
    }
}
