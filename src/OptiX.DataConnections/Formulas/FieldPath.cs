using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Formulas;

/// <summary>Finds a formula's return field in a record and writes its value as a campaign would show it.</summary>
internal static class FieldPath
{
    /// <summary>
    /// The field named exactly <paramref name="path"/> if the record has one; otherwise, for a dotted path, each step
    /// in turn: a property of an object (exact name) or an index into an array (<c>items.0.name</c>). Null when absent.
    /// </summary>
    public static JToken? Find(JObject record, string path)
    {
        if (record.TryGetValue(path, StringComparison.Ordinal, out var exact))
        {
            return exact;
        }

        if (path.IndexOf('.') < 0)
        {
            return null;
        }

        JToken? current = record;
        foreach (var step in path.Split('.'))
        {
            current = current switch
            {
                JObject obj => obj.TryGetValue(step, StringComparison.Ordinal, out var child) ? child : null,
                JArray array when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Strings as they are, other scalars as JSON writes them, objects and arrays as compact JSON; null for JSON null.</summary>
    public static string? ToText(JToken? token) => token switch
    {
        null => null,
        JValue { Type: JTokenType.Null or JTokenType.Undefined } => null,
        JValue { Type: JTokenType.String } value => (string?)value,
        _ => token.ToString(Formatting.None),
    };
}
