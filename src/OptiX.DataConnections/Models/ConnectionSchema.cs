using Newtonsoft.Json;

namespace OptiX.DataConnections.Models;

/// <summary>The structure of a connection's live data, as <c>GET /connections/{uuid}/schema</c> derives it.</summary>
public sealed class ConnectionSchema
{
    [JsonIgnore]
    public Guid ConnectionId { get; set; }

    [JsonProperty("primary_key")]
    public string PrimaryKey { get; set; } = string.Empty;

    /// <summary>How many records the service counts; null when its answer does not say.</summary>
    [JsonProperty("record_count")]
    public long? RecordCount { get; set; }

    [JsonProperty("fields")]
    public List<SchemaField> Fields { get; set; } = [];
}

/// <summary>One field and the JSON types seen in it.</summary>
public sealed class SchemaField
{
    [JsonProperty("name")]
    public string Name { get; set; } = string.Empty;

    [JsonProperty("types")]
    public List<string> Types { get; set; } = [];

    [JsonProperty("primary_key")]
    public bool IsPrimaryKey { get; set; }

    public override string ToString() => $"{Name} ({string.Join("|", Types)})";
}
