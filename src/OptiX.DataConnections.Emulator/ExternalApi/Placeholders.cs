using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.ExternalApi;

/// <summary>
/// <c>{name}</c> placeholders in an external API's url, header values and body (object keys and string values, at
/// any depth). A name is a letter or underscore followed by letters, digits and underscores; any other brace is text.
/// <c>{primary_key}</c> is filled with the key being looked up.
/// </summary>
internal static partial class Placeholders
{
    public const string PrimaryKey = "primary_key";

    /// <summary>Adds the names in <paramref name="text"/> that <paramref name="names"/> does not hold yet.</summary>
    public static void Collect(string text, List<string> names)
    {
        foreach (Match match in Pattern().Matches(text))
        {
            var name = match.Groups[1].Value;
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }
    }

    public static void Collect(JsonElement json, List<string> names)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject())
                {
                    Collect(property.Name, names);
                    Collect(property.Value, names);
                }
                break;
            case JsonValueKind.Array:
                foreach (var element in json.EnumerateArray())
                {
                    Collect(element, names);
                }
                break;
            case JsonValueKind.String:
                Collect(json.GetString()!, names);
                break;
        }
    }

    /// <summary>Replaces each placeholder with its value passed through <paramref name="encode"/>; every name must have a value.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values, Func<string, string> encode) =>
        Pattern().Replace(text, match => encode(values[match.Groups[1].Value]));

    /// <summary>The JSON with placeholders filled in its keys and string values (which stay strings), written compactly.</summary>
    public static string Fill(JsonElement json, IReadOnlyDictionary<string, string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = EmulatorJson.Options.Encoder }))
        {
            Write(json, values, writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(JsonElement json, IReadOnlyDictionary<string, string> values, Utf8JsonWriter writer)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in json.EnumerateObject())
                {
                    writer.WritePropertyName(Fill(property.Name, values, Verbatim));
                    Write(property.Value, values, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var element in json.EnumerateArray())
                {
                    Write(element, values, writer);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(Fill(json.GetString()!, values, Verbatim));
                break;
            default:
                json.WriteTo(writer);
                break;
        }
    }

    public static string Verbatim(string value) => value;

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Pattern();
}
