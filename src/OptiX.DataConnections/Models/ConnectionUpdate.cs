using Newtonsoft.Json;

namespace OptiX.DataConnections.Models;

/// <summary>The body of <c>PUT /connections/{uuid}</c>: only what is set changes. The primary key never can.</summary>
public sealed class ConnectionUpdate
{
    [JsonProperty("name", NullValueHandling = NullValueHandling.Ignore)]
    public string? Name { get; set; }

    [JsonProperty("description", NullValueHandling = NullValueHandling.Ignore)]
    public string? Description { get; set; }

    [JsonProperty("external_api_details", NullValueHandling = NullValueHandling.Ignore)]
    public ExternalApiDefinition? ExternalApiDetails { get; set; }

    [JsonIgnore]
    public bool IsEmpty => Name is null && Description is null && ExternalApiDetails is null;
}
