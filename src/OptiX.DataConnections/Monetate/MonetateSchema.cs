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

    public string Name { get; }

    /// <summary>attribute, event, product, ...</summary>
    public string Type { get; }

    public IReadOnlyList<MonetateField> Fields { get; }

    public string? NamedIdentifier { get; }

    public string? IdentifierField => Fields.FirstOrDefault(f => f.Identifier)?.Name;

    public string? UniqueKeyField => Fields.FirstOrDefault(f => f.UniqueKey)?.Name;

    public override string ToString() => Name;

    internal static MonetateSchema FromJson(JObject json)
    {
        var fields = (json["fields"] as JObject)?.Properties()
            .Where(p => p.Value is JObject)
            .Select(p => MonetateField.FromJson(p.Name, (JObject)p.Value))
            .ToList() ?? [];
        return new MonetateSchema(
            (string?)json["name"] ?? string.Empty,
            (string?)json["type"] ?? string.Empty,
            fields,
            (string?)json["named_identifier"]);
    }

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
