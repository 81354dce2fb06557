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

    /// <summary>A field of an answer; null when it is not one (a flag that is not true or false, a name that is not a field name).</summary>
    internal static MonetateField? FromJson(string name, JObject json)
    {
        var typeName = json["data_type"] is JValue { Type: JTokenType.String } type ? (string)type! : string.Empty;
        if (!Flag(json["required"], out var required) || !Flag(json["identifier"], out var identifier)
            || !Flag(json["unique_key"], out var uniqueKey) || !Flag(json["event_time"], out var eventTime)
            || string.IsNullOrWhiteSpace(name) || name.Trim() != name)
        {
            return null;
        }

        return new MonetateField(name, MonetateDataTypes.FromApiName(typeName), required, identifier, uniqueKey, eventTime)
        {
            DataTypeName = typeName.ToUpperInvariant(),
        };
    }

    /// <summary>A flag as the spec gives it (a Boolean, false when left out or null); also "true"/"false" as text.</summary>
    private static bool Flag(JToken? token, out bool value)
    {
        value = false;
        switch (token)
        {
            case null:
            case JValue { Type: JTokenType.Null }:
                return true;
            case JValue { Type: JTokenType.Boolean } flag:
                value = (bool)flag;
                return true;
            case JValue { Type: JTokenType.String } text when bool.TryParse((string?)text, out var parsed):
                value = parsed;
                return true;
            default:
                return false;
        }
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
