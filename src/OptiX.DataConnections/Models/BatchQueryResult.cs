using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Models;

/// <summary>One answer of <c>api_batch_query</c>: the record, or why there is none.</summary>
public sealed class BatchQueryResult
{
    [JsonProperty("primary_key")]
    public JToken? PrimaryKey { get; set; }

    [JsonProperty("data")]
    public JObject? Data { get; set; }

    /// <summary>The record as plain values (see <see cref="Records.PlainJson"/>), or null.</summary>
    [JsonIgnore]
    public System.Collections.Specialized.OrderedDictionary? Record => Data is null ? null : Records.PlainJson.Object(Data);

    [JsonProperty("error")]
    public string? Error { get; set; }

    [JsonIgnore]
    public bool IsNotFound => Data is null && Error is not null && Error.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0;
}
