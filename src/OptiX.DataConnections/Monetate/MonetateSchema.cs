using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Monetate;

/// <summary>A dataset schema: its name, type, fields and the Identifier Name that makes it usable.</summary>
public sealed class MonetateSchema
{
    public MonetateSchema(string name, string type, IReadOnlyList<MonetateField> fields, string? namedIdentifier = null)
    {
        Name = name;
        Type = type;
        Fields = fields;
        NamedIdentifier = namedIdentifier;
    }

    /// <summary>Monetate's internal id of the schema (read-only; null when the answer did not carry it).</summary>
    public long? Id { get; private set; }

    /// <summary>When the schema was created (read-only; null when the answer did not carry it).</summary>
    public DateTimeOffset? CreatedDate { get; private set; }

    public string Name { get; }

    /// <summary>attribute, event, product, ...</summary>
    public string Type { get; }

    public IReadOnlyList<MonetateField> Fields { get; }

    /// <summary>The Identifier Name; Monetate refuses data for a dataset until it is set.</summary>
    public string? NamedIdentifier { get; }

    public string? EventTimeField => Fields.FirstOrDefault(f => f.EventTime)?.Name;

    public string? IdentifierField => Fields.FirstOrDefault(f => f.Identifier)?.Name;

    public string? UniqueKeyField => Fields.FirstOrDefault(f => f.UniqueKey)?.Name;

    public override string ToString() => Name;

    /// <summary>Reads a schema object of an answer; a schema without a name is not one (the caller names the route).</summary>
    internal static MonetateSchema? FromJson(JObject json)
    {
        if (json["name"] is not JValue { Type: JTokenType.String } nameToken || ((string?)nameToken)!.Length == 0)
        {
            return null;
        }

        var fields = new List<MonetateField>();
        foreach (var property in (json["fields"] as JObject)?.Properties() ?? [])
        {
            // A field that is not one makes the schema not understood: a schema read without it would mislead.
            if (property.Value is not JObject definition || MonetateField.FromJson(property.Name, definition) is not { } field)
            {
                return null;
            }

            fields.Add(field);
        }

        return new MonetateSchema(
            (string)nameToken!,
            json["type"] is JValue { Type: JTokenType.String } type ? (string)type! : string.Empty,
            fields,
            json["named_identifier"] is JValue { Type: JTokenType.String } named ? (string?)named : null)
        {
            Id = json["id"] is JValue { Type: JTokenType.Integer or JTokenType.String } id
                && long.TryParse(id.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null,
            CreatedDate = CreatedDateOf(json["created_date"]),
        };
    }

    private static DateTimeOffset? CreatedDateOf(JToken? token) => token switch
    {
        JValue { Type: JTokenType.Date, Value: DateTime date } => new DateTimeOffset(date.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(date, DateTimeKind.Utc) : date),
        JValue { Type: JTokenType.Date, Value: DateTimeOffset offset } => offset,
        JValue { Type: JTokenType.String } text when DateTimeOffset.TryParse((string?)text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => null,
    };

    internal static void WriteFields(JsonWriter writer, IEnumerable<MonetateField> fields)
    {
        writer.WritePropertyName("fields");
        writer.WriteStartObject();
        foreach (var field in fields)
        {
            field.WriteJson(writer);
        }

        writer.WriteEndObject();
    }
}
