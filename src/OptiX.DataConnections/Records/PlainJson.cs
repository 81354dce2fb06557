using System.Collections.Specialized;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Records;

/// <summary>
/// JSON as plain .NET values, for callers that must not name Newtonsoft.Json's types: an object is an
/// <see cref="OrderedDictionary"/> (names in the JSON's order), an array is <c>object?[]</c>, a scalar is its value.
/// </summary>
/// <remarks>
/// The cmdlets load in PowerShell's own context, this assembly and its Newtonsoft.Json in the module's (see the
/// module's DependencyIsolation), so no Newtonsoft type may pass between them or reach the PowerShell session, where
/// PowerShell's own Newtonsoft.Json would not know it (ConvertTo-Json fails on such a JObject).
/// <see cref="Upload.JsonValueWriter"/> writes these values back as the same JSON.
/// </remarks>
public static class PlainJson
{
    public static OrderedDictionary Object(JObject json)
    {
        var result = new OrderedDictionary(json.Count);
        foreach (var property in json.Properties())
        {
            result[property.Name] = Value(property.Value);
        }

        return result;
    }

    public static object? Value(JToken? token) => token switch
    {
        null => null,
        JObject obj => Object(obj),
        JArray array => array.Select(Value).ToArray(),
        JValue value => value.Value,
        _ => token.ToString(),
    };

    /// <summary>A record's value as a plain value: a JSON object or array (nested in a JSON file's record) is converted, anything else is kept.</summary>
    public static object? FromValue(object? value) => value is JToken token ? Value(token) : value;

    /// <summary>The value as JSON renders it (the text of its token), so that 2 and "2" read alike.</summary>
    public static string Text(object? value) => JToken.FromObject(value ?? string.Empty).ToString();
}
