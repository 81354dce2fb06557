using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// Reads schema definitions and enforces the rules: at most <see cref="MaxFields"/> fields, exactly one identifier,
/// at most one unique key, known data types. Every break is a 400 naming the rule.
/// </summary>
internal static class MonetateSchemaRules
{
    public const int MaxFields = 40;

    private static readonly string[] FieldKeys = ["data_type", "required", "identifier", "unique_key", "event_time"];

    public static MonetateSchema ParseCreate(JsonElement body)
    {
        var name = RequiredString(body, "name");
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw MonetateProblem.BadRequest("name: only letters, digits, '_' and '-' are allowed.");
        }
        var type = RequiredString(body, "type");
        var fields = body.TryGetProperty("fields", out var value)
            ? ParseFields(value)
            : throw MonetateProblem.BadRequest("fields: this field is required.");
        string? namedIdentifier = null;
        if (body.TryGetProperty("named_identifier", out var named) && named.ValueKind != JsonValueKind.Null)
        {
            namedIdentifier = NamedIdentifier(named);
        }
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("name" or "type" or "fields" or "named_identifier"))
            {
                throw MonetateProblem.BadRequest($"{property.Name}: unknown schema property.");
            }
        }
        CheckFieldSet(fields);
        return new MonetateSchema(name, type, fields, namedIdentifier);
    }

    public static Dictionary<string, MonetateField> ParseFields(JsonElement fields)
    {
        if (fields.ValueKind != JsonValueKind.Object)
        {
            throw MonetateProblem.BadRequest("fields: must be an object of field name to field definition.");
        }
        var parsed = new Dictionary<string, MonetateField>(StringComparer.Ordinal);
        foreach (var field in fields.EnumerateObject())
        {
            if (field.Name.Length == 0 || field.Name.Trim() != field.Name)
            {
                throw MonetateProblem.BadRequest($"fields: '{field.Name}' is not a valid field name.");
            }
            if (!parsed.TryAdd(field.Name, ParseField(field.Name, field.Value)))
            {
                throw MonetateProblem.BadRequest($"fields.{field.Name}: given more than once.");
            }
        }
        if (parsed.Count == 0)
        {
            throw MonetateProblem.BadRequest("fields: at least one field is required.");
        }
        return parsed;
    }

    public static string NamedIdentifier(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0
            ? value.GetString()!
            : throw MonetateProblem.BadRequest("named_identifier: must be a non-empty string.");

    /// <summary>The rules that hold for the whole field set, after a create or an addition.</summary>
    public static void CheckFieldSet(IReadOnlyDictionary<string, MonetateField> fields)
    {
        if (fields.Count > MaxFields)
        {
            throw MonetateProblem.BadRequest($"fields: a schema has at most {MaxFields} fields, not {fields.Count}.");
        }
        var identifiers = fields.Count(field => field.Value.Identifier);
        if (identifiers != 1)
        {
            throw MonetateProblem.BadRequest($"fields: a schema needs exactly one identifier field, not {identifiers}.");
        }
        var uniqueKeys = fields.Count(field => field.Value.UniqueKey);
        if (uniqueKeys > 1)
        {
            throw MonetateProblem.BadRequest($"fields: a schema has at most one unique key field, not {uniqueKeys}.");
        }
    }

    private static MonetateField ParseField(string name, JsonElement definition)
    {
        if (definition.ValueKind != JsonValueKind.Object)
        {
            throw MonetateProblem.BadRequest($"fields.{name}: must be an object.");
        }
        foreach (var property in definition.EnumerateObject())
        {
            if (!FieldKeys.Contains(property.Name))
            {
                throw MonetateProblem.BadRequest($"fields.{name}.{property.Name}: unknown field property.");
            }
        }
        var dataType = definition.TryGetProperty("data_type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : null;
        if (dataType is null || !MonetateDataTypes.All.Contains(dataType))
        {
            throw MonetateProblem.BadRequest(
                $"fields.{name}.data_type: unknown data type; use one of {string.Join(", ", MonetateDataTypes.All)}.");
        }
        return new MonetateField(
            dataType,
            Flag(definition, name, "required"),
            Flag(definition, name, "identifier"),
            Flag(definition, name, "unique_key"),
            Flag(definition, name, "event_time"));
    }

    private static bool Flag(JsonElement definition, string field, string flag)
    {
        if (!definition.TryGetProperty(flag, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw MonetateProblem.BadRequest($"fields.{field}.{flag}: must be true or false."),
        };
    }

    private static string RequiredString(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0
            ? value.GetString()!
            : throw MonetateProblem.BadRequest($"{property}: a non-empty string is required.");
}
