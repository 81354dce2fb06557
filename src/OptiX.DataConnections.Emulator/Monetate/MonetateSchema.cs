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

/// <summary>A dataset schema: its fields in the order they were defined (rows live in <see cref="MonetateRowTable"/>).</summary>
internal sealed record MonetateSchema(
    string Name, string Type, IReadOnlyDictionary<string, MonetateField> Fields, string? NamedIdentifier)
{
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
