using Newtonsoft.Json;

namespace OptiX.DataConnections.Models;

/// <summary>A link from a connection to a campaign resource on a channel (mail, SMS, banner...).</summary>
public sealed class Reference
{
    [JsonIgnore]
    public Guid ConnectionId { get; set; }

    [JsonProperty("reference_uuid")]
    public Guid ReferenceId { get; set; }

    /// <summary>The channel, such as mail or sms.</summary>
    [JsonProperty("reference_type")]
    public string Channel { get; set; } = string.Empty;

    /// <summary>The resource's id on that channel.</summary>
    [JsonProperty("reference_id")]
    public string ResourceId { get; set; } = string.Empty;

    [JsonProperty("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }
}
