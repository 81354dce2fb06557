using System.Text.Json;
using System.Text.RegularExpressions;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// Reads schema definitions and enforces the spec's rules: a name of a letter then letters, digits and '_' (at most
/// 64), a known <c>type</c> (default attribute), at most <see cref="MaxFields"/> fields of known data types, exactly
/// one identifier and at most one unique key (both STRING), <c>event_time</c> only on a DATETIME field (at most one;
/// exactly one for an event schema), a <c>named_identifier</c> of word characters. Every break is a 400 naming the rule.
/// </summary>
internal static partial class MonetateSchemaRules
{
    public const int MaxFields = 40;
    public const int MaxNameLength = 64;

    private static readonly string[] FieldKeys = ["data_type", "required", "identifier", "unique_key", "event_time"];

    public static MonetateSchema ParseCreate(JsonElement body)
    {
        var name = RequiredString(body, "name");
        if (name.Length > MaxNameLength || !SchemaName().IsMatch(name))
        {
            throw MonetateProblem.BadRequest(
                $"name: a schema name begins with a letter and holds only letters, digits and '_' (^[A-Za-z][A-Za-z0-9_]*$), at most {MaxNameLength} characters.");
        }
        var type = MonetateSchemaTypes.Attribute;
        if (body.TryGetProperty("type", out var typeValue) && typeValue.ValueKind != JsonValueKind.Null)
        {
            type = typeValue.ValueKind == JsonValueKind.String && MonetateSchemaTypes.All.Contains(typeValue.GetString())
                ? typeValue.GetString()!
                : throw MonetateProblem.BadRequest($"type: unknown schema type; use one of {string.Join(", ", MonetateSchemaTypes.All)}.");
        }
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
            // id and created_date are the spec's read-only properties: a schema sent back as read is taken, they are ignored.
            if (property.Name is not ("name" or "type" or "fields" or "named_identifier" or "id" or "created_date"))
            {
                throw MonetateProblem.BadRequest($"{property.Name}: unknown schema property.");
            }
        }
        CheckFieldSet(type, fields);
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
        value.ValueKind == JsonValueKind.String && NamedIdentifierPattern().IsMatch(value.GetString()!)
            ? value.GetString()!
            : throw MonetateProblem.BadRequest("named_identifier: the Identifier Name is one or more letters, digits or '_' (^\\w+$).");

    /// <summary>The rules that hold for the whole field set, after a create or an addition.</summary>
    public static void CheckFieldSet(string type, IReadOnlyDictionary<string, MonetateField> fields)
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
        foreach (var (name, field) in fields)
        {
            if ((field.Identifier || field.UniqueKey) && field.DataType != MonetateDataTypes.String)
            {
                var role = field.Identifier ? "identifier" : "unique_key";
                throw MonetateProblem.BadRequest($"fields.{name}.{role}: the {role} field must have data_type STRING, not {field.DataType}.");
            }
            if (field.EventTime && field.DataType != MonetateDataTypes.DateTime)
            {
                throw MonetateProblem.BadRequest($"fields.{name}.event_time: the event time field must have data_type DATETIME, not {field.DataType}.");
            }
        }
        var eventTimes = fields.Count(field => field.Value.EventTime);
        if (type == MonetateSchemaTypes.Event ? eventTimes != 1 : eventTimes > 1)
        {
            throw MonetateProblem.BadRequest(type == MonetateSchemaTypes.Event
                ? $"fields: an event schema needs exactly one event_time field (DATETIME), not {eventTimes}."
                : $"fields: a schema has at most one event_time field, not {eventTimes}.");
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

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();

    [GeneratedRegex(@"^\w+\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamedIdentifierPattern();

    private static string RequiredString(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0
            ? value.GetString()!
            : throw MonetateProblem.BadRequest($"{property}: a non-empty string is required.");
}
