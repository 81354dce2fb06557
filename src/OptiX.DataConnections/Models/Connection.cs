using System.Collections.Specialized;
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

    /// <summary>
    /// The external API's details as plain values (see <see cref="Records.PlainJson"/>: nested objects as ordered
    /// dictionaries), or null for an upload-based connection. Never a JObject: this object reaches the PowerShell
    /// session, where PowerShell's own Newtonsoft.Json could not read one from the module's.
    /// </summary>
    [JsonIgnore]
    public OrderedDictionary? ExternalApiDetails { get; set; }

    [JsonProperty("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonProperty("updated_at")]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Upload-based, or API-based when it fetches from an external API.</summary>
    [JsonIgnore]
    public string Kind => ExternalApiDetails is null ? "Upload" : "Api";

    [JsonProperty("external_api_details")]
    private JObject? ExternalApiDetailsJson
    {
        get => ExternalApiDetails is null ? null : JObject.FromObject(ExternalApiDetails);
        set => ExternalApiDetails = value is null ? null : Records.PlainJson.Object(value);
    }

    public override string ToString() => $"{Name} ({ConnectionId})";
}
