using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Monetate;

/// <summary>One field of a dataset schema.</summary>
public sealed class MonetateField
{
    public MonetateField(string name, MonetateDataType dataType, bool required = false, bool identifier = false, bool uniqueKey = false, bool eventTime = false)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim() != name)
        {
            throw new ArgumentException($"'{name}' is not a valid field name.", nameof(name));
        }

        Name = name;
        DataType = dataType;
        DataTypeName = MonetateDataTypes.ApiName(dataType);
        Required = required;
        Identifier = identifier;
        UniqueKey = uniqueKey;
        EventTime = eventTime;
    }

    public string Name { get; }

    public MonetateDataType DataType { get; }

    /// <summary>The data type as the Data API names it (STRING, NUMBER, ...), also when it is one this module does not know.</summary>
    public string DataTypeName { get; private set; }

    public bool Required { get; }

    public bool Identifier { get; }

    public bool UniqueKey { get; }

    public bool EventTime { get; }

    /// <summary>
    /// Every row must give it a value: it is required, the identifier rows are found by, or the unique key (the spec:
    /// "Only identifier and unique key are considered 'required' fields when specified").
    /// </summary>
    public bool NeedsValue => Required || Identifier || UniqueKey;

    public override string ToString() => $"{Name} ({DataTypeName})";

    internal static MonetateField FromJson(string name, JObject json)
    {
        var typeName = (string?)json["data_type"] ?? string.Empty;
        return new MonetateField(
            name,
            MonetateDataTypes.FromApiName(typeName),
            (bool?)json["required"] ?? false,
            (bool?)json["identifier"] ?? false,
            (bool?)json["unique_key"] ?? false,
            (bool?)json["event_time"] ?? false)
        { DataTypeName = typeName.ToUpperInvariant() };
    }

    internal void WriteJson(JsonWriter writer)
    {
        writer.WritePropertyName(Name);
        writer.WriteStartObject();
        writer.WritePropertyName("data_type");
        writer.WriteValue(DataTypeName);
        writer.WritePropertyName("required");
        writer.WriteValue(Required);
        writer.WritePropertyName("identifier");
        writer.WriteValue(Identifier);
        writer.WritePropertyName("unique_key");
        writer.WriteValue(UniqueKey);
        writer.WritePropertyName("event_time");
        writer.WriteValue(EventTime);
        writer.WriteEndObject();
    }
}
