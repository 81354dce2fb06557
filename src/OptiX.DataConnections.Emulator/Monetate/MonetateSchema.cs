namespace OptiX.DataConnections.Emulator.Monetate;

internal static class MonetateDataTypes
{
    public const string String = "STRING";
    public const string MultiString = "MULTI_STRING";
    public const string Number = "NUMBER";
    public const string DateTime = "DATETIME";
    public const string Boolean = "BOOLEAN";
    public const string GoogleProductCategory = "GOOGLE_PRODUCT_CATEGORY";

    /// <summary>The spec's <c>Field.data_type</c> enum.</summary>
    public static readonly string[] All = [String, MultiString, Boolean, DateTime, Number, GoogleProductCategory];
}

/// <summary>The spec's <c>Schema.type</c> enum.</summary>
internal static class MonetateSchemaTypes
{
    public const string Attribute = "attribute";
    public const string Event = "event";

    public static readonly string[] All =
    [
        "agil_one", Attribute, "behavioral_trigger", "custom_list", "customer_data_privacy", "email_metadata", Event,
        "inventory", "product", "product_recommendation", "purchase",
    ];
}

internal sealed record MonetateField(string DataType, bool Required, bool Identifier, bool UniqueKey, bool EventTime);

/// <summary>A dataset schema: its fields in the order they were defined (rows live in <see cref="MonetateRowTable"/>).</summary>
internal sealed record MonetateSchema(
    string Name, string Type, IReadOnlyDictionary<string, MonetateField> Fields, string? NamedIdentifier)
{
    public string IdentifierField => Fields.Single(entry => entry.Value.Identifier).Key;

    public string? UniqueKeyField => Fields.SingleOrDefault(entry => entry.Value.UniqueKey).Key;

    public SchemaView View(long id, string createdDate) => new(
        id,
        Name,
        Type,
        Views(Fields),
        NamedIdentifier,
        createdDate);

    public static Dictionary<string, FieldView> Views(IEnumerable<KeyValuePair<string, MonetateField>> fields) =>
        fields.ToDictionary(
            field => field.Key,
            field => new FieldView(field.Value.DataType, field.Value.Required, field.Value.Identifier, field.Value.UniqueKey, field.Value.EventTime),
            StringComparer.Ordinal);
}

/// <summary>The spec's <c>Schema</c>: with its read-only <c>id</c> and <c>created_date</c>.</summary>
internal sealed record SchemaView(long Id, string Name, string Type, Dictionary<string, FieldView> Fields, string? NamedIdentifier, string CreatedDate);

internal sealed record FieldView(string DataType, bool Required, bool Identifier, bool UniqueKey, bool EventTime);
