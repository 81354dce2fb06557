using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Monetate;

/// <summary>JSON turned into plain .NET values (dictionaries, lists, strings, numbers, booleans), so callers need no JSON library.</summary>
internal static class JsonValues
{
    public static IReadOnlyDictionary<string, object?> ToDictionary(JObject? json)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in json?.Properties() ?? [])
        {
            result[property.Name] = ToValue(property.Value);
        }

        return result;
    }

    public static object? ToValue(JToken token) => token switch
    {
        JObject json => ToDictionary(json),
        JArray items => items.Select(ToValue).ToList(),
        JValue value => value.Value,
        _ => token.ToString(),
    };
}
