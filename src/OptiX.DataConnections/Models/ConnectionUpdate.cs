using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Models;

/// <summary>What to change in a connection (<c>PUT /connections/{uuid}</c>): only what is set changes. The primary key never can.</summary>
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

    /// <summary>
    /// The request body: every changeable field of <paramref name="current"/>, overlaid with these changes, so that a
    /// service whose PUT replaces the whole object keeps what was not changed. Fields the connection does not have are
    /// left out rather than sent as null.
    /// </summary>
    public JObject Over(Connection current)
    {
        var body = new JObject { ["name"] = Name ?? current.Name };
        if ((Description ?? current.Description) is { } description)
        {
            body["description"] = description;
        }

        if (ExternalApiDetails is not null)
        {
            body["external_api_details"] = ExternalApiDetails.ToJson();
        }
        else if (current.ExternalApiDetails is not null)
        {
            body["external_api_details"] = JObject.FromObject(current.ExternalApiDetails);
        }

        return body;
    }
}
