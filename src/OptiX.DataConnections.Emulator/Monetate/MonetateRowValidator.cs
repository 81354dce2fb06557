using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// Checks posted rows against a schema: no unknown fields, required fields and the identifier present (not null), STRING non-empty
/// without surrounding white space, NUMBER a JSON number, BOOLEAN a JSON bool, DATETIME an ISO-8601 string.
/// The first bad row is a 400 naming its index and field.
/// </summary>
internal static partial class MonetateRowValidator
{
    public static List<Dictionary<string, JsonElement>> Validate(MonetateSchema schema, JsonElement rows)
    {
        if (rows.ValueKind != JsonValueKind.Array)
        {
            throw MonetateProblem.BadRequest("schema_rows: must be a list of rows.");
        }
        var valid = new List<Dictionary<string, JsonElement>>();
        var index = 0;
        foreach (var row in rows.EnumerateArray())
        {
            valid.Add(ValidateRow(schema, row, index));
            index++;
        }
        return valid;
    }

    public static bool IsIsoDateTime(string text) =>
        IsoDateTime().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    private static Dictionary<string, JsonElement> ValidateRow(MonetateSchema schema, JsonElement row, int index)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw MonetateProblem.BadRequest($"schema_rows[{index}]: must be an object.");
        }
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in row.EnumerateObject())
        {
            if (!schema.Fields.TryGetValue(property.Name, out var field))
            {
                throw MonetateProblem.BadRequest($"schema_rows[{index}].{property.Name}: unknown field for schema '{schema.Name}'.");
            }
            if (!values.TryAdd(property.Name, property.Value.Clone()))
            {
                throw MonetateProblem.BadRequest($"schema_rows[{index}].{property.Name}: given more than once.");
            }
            if (property.Value.ValueKind != JsonValueKind.Null)
            {
                CheckValue(field.DataType, property.Value, $"schema_rows[{index}].{property.Name}");
            }
        }
        foreach (var (name, field) in schema.Fields)
        {
            // The identifier is what a row is found by, so a row without one is refused as if it were required.
            if ((field.Required || field.Identifier) && (!values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null))
            {
                throw MonetateProblem.BadRequest($"schema_rows[{index}].{name}: this field is required.");
            }
        }
        return values;
    }

    private static void CheckValue(string dataType, JsonElement value, string where)
    {
        var ok = dataType switch
        {
            MonetateDataTypes.String => value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } text && text.Trim() == text,
            MonetateDataTypes.Number => value.ValueKind == JsonValueKind.Number,
            MonetateDataTypes.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            MonetateDataTypes.DateTime => value.ValueKind == JsonValueKind.String && IsIsoDateTime(value.GetString()!),
            _ => false,
        };
        if (!ok)
        {
            throw MonetateProblem.BadRequest($"{where}: not a valid {dataType} value{Hint(dataType)}.");
        }
    }

    private static string Hint(string dataType) => dataType switch
    {
        MonetateDataTypes.String => " (a non-empty string without surrounding white space)",
        MonetateDataTypes.Number => " (a JSON number)",
        MonetateDataTypes.Boolean => " (true or false)",
        _ => " (an ISO-8601 date or date-time string)",
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
