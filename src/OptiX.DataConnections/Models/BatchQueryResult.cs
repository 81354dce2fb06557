using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Models;

/// <summary>One answer of <c>api_batch_query</c>: the record, or why there is none (read by <see cref="OptiX.Answers.RecordAnswers"/>).</summary>
public sealed class BatchQueryResult
{
    public JToken? PrimaryKey { get; set; }

    public JObject? Data { get; set; }

    /// <summary>The record as plain values (see <see cref="Records.PlainJson"/>), or null.</summary>
    public System.Collections.Specialized.OrderedDictionary? Record => Data is null ? null : Records.PlainJson.Object(Data);

    public string? Error { get; set; }

    /// <summary>The service said there is no such record (as opposed to failing to read it).</summary>
    public bool IsNotFound { get; set; }
}
