using Newtonsoft.Json;

namespace OptiX.DataConnections.Models;

/// <summary>The body of <c>POST /connections</c>.</summary>
public sealed class ConnectionDefinition
{
    [JsonProperty("name")]
    public string Name { get; set; } = string.Empty;

    [JsonProperty("primary_key")]
    public string PrimaryKey { get; set; } = string.Empty;

    [JsonProperty("description", NullValueHandling = NullValueHandling.Ignore)]
    public string? Description { get; set; }

    [JsonProperty("external_api_details", NullValueHandling = NullValueHandling.Ignore)]
    public ExternalApiDefinition? ExternalApiDetails { get; set; }
}
