using Newtonsoft.Json;

namespace OptiX.DataConnections.Models;

/// <summary>A link from a connection to a campaign resource on a channel (mail, SMS, banner...).</summary>
public sealed class Reference
{
    [JsonIgnore]
    public Guid ConnectionId { get; set; }

    /// <summary>The reference's own id (the API's reference_uuid).</summary>
    [JsonProperty("reference_uuid")]
    public Guid ReferenceUuid { get; set; }

    /// <summary>The channel, such as mail or sms (the API's reference_type).</summary>
    [JsonProperty("reference_type")]
    public string Channel { get; set; } = string.Empty;

    /// <summary>The resource's id on that channel (the API's reference_id).</summary>
    [JsonProperty("reference_id")]
    public string ResourceId { get; set; } = string.Empty;

    [JsonProperty("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }
}
