using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Monetate;

internal static class MonetateDataTypes
{
    public const string String = "STRING";
    public const string Number = "NUMBER";
    public const string DateTime = "DATETIME";
    public const string Boolean = "BOOLEAN";

    public static readonly string[] All = [String, Number, DateTime, Boolean];
}

internal sealed record MonetateField(string DataType, bool Required, bool Identifier, bool UniqueKey, bool EventTime);

/// <summary>A dataset schema and its rows (in memory; the lock is <see cref="MonetateDatasets"/>'s).</summary>
internal sealed class MonetateSchema(string name, string type, Dictionary<string, MonetateField> fields, string? namedIdentifier)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public Dictionary<string, MonetateField> Fields { get; } = fields;

    public string? NamedIdentifier { get; set; } = namedIdentifier;

    public List<Dictionary<string, JsonElement>> Rows { get; } = [];

    /// <summary>Row position by unique key value (its raw JSON), when the schema has a unique key.</summary>
    public Dictionary<string, int> RowByUniqueKey { get; } = new(StringComparer.Ordinal);

    public string IdentifierField => Fields.Single(entry => entry.Value.Identifier).Key;

    public string? UniqueKeyField => Fields.SingleOrDefault(entry => entry.Value.UniqueKey).Key;

    public SchemaView View() => new(
        Name,
        Type,
        Fields.ToDictionary(
            field => field.Key,
            field => new FieldView(field.Value.DataType, field.Value.Required, field.Value.Identifier, field.Value.UniqueKey, field.Value.EventTime),
            StringComparer.Ordinal),
        NamedIdentifier);
}

internal sealed record SchemaView(string Name, string Type, Dictionary<string, FieldView> Fields, string? NamedIdentifier);

internal sealed record FieldView(string DataType, bool Required, bool Identifier, bool UniqueKey, bool EventTime);
