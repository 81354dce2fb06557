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

    /// <summary>
    /// Why the record cannot be sent as read, or null: a number beyond a double's range (1e400) reads as Infinity,
    /// which JSON cannot hold (it would go out as the string "Infinity"), and so do the literals NaN and Infinity.
    /// </summary>
    public static string? Problem(JObject record)
    {
        foreach (var token in record.Descendants())
        {
            if (token is JValue { Type: JTokenType.Float, Value: double number } && (double.IsInfinity(number) || double.IsNaN(number)))
            {
                return $"The number at '{token.Path}' is not finite (beyond the range of a double, NaN or Infinity), so it cannot be sent as a JSON number.";
            }
        }

        return null;
    }
}
