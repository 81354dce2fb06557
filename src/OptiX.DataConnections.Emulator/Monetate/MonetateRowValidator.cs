using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// Checks posted rows against a schema: no unknown fields, required fields, the identifier and the unique key present
/// (not null), STRING and GOOGLE_PRODUCT_CATEGORY non-empty without surrounding white space, MULTI_STRING the same with
/// comma-separated elements (none empty; an element in double quotes may hold commas), NUMBER a JSON number, BOOLEAN a
/// JSON bool, DATETIME an ISO-8601 string.
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
            // The spec: "Only identifier and unique key are considered 'required' fields when specified."
            if ((field.Required || field.Identifier || field.UniqueKey) && (!values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null))
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
            MonetateDataTypes.String or MonetateDataTypes.GoogleProductCategory => value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } text && text.Trim() == text,
            MonetateDataTypes.MultiString => value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } list && list.Trim() == list && IsMultiString(list),
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
        MonetateDataTypes.String or MonetateDataTypes.GoogleProductCategory => " (a non-empty string without surrounding white space)",
        MonetateDataTypes.MultiString => " (one string of comma-separated values, none empty, an element holding a comma in double quotes)",
        MonetateDataTypes.Number => " (a JSON number)",
        MonetateDataTypes.Boolean => " (true or false)",
        _ => " (an ISO-8601 date or date-time string)",
    };

    /// <summary>
    /// Elements separated by commas, spaces after a comma allowed; an element is text without a comma that does not
    /// begin with a quote, or text in double quotes ("" for a quote inside) that may hold commas.
    /// </summary>
    private static bool IsMultiString(string text) => MultiString().IsMatch(text);

    [GeneratedRegex(@"^ *(""([^""]|"""")*""|[^"", ][^,]*)(, *(""([^""]|"""")*""|[^"", ][^,]*))*$", RegexOptions.CultureInvariant)]
    private static partial Regex MultiString();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
