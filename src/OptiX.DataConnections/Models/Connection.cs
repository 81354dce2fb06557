using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Models;

/// <summary>A Data Connection as the service describes it.</summary>
public sealed class Connection
{
    [JsonProperty("data_connection_uuid")]
    public Guid ConnectionId { get; set; }

    [JsonProperty("name")]
    public string Name { get; set; } = string.Empty;

    [JsonProperty("primary_key")]
    public string PrimaryKey { get; set; } = string.Empty;

    [JsonProperty("description")]
    public string? Description { get; set; }

    [JsonProperty("external_api_details")]
    public JObject? ExternalApiDetails { get; set; }

    [JsonProperty("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonProperty("updated_at")]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Upload-based, or API-based when it fetches from an external API.</summary>
    [JsonIgnore]
    public string Kind => ExternalApiDetails is null ? "Upload" : "Api";

    public override string ToString() => $"{Name} ({ConnectionId})";
}
