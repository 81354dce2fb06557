using Newtonsoft.Json;

namespace OptiX.DataConnections.Models;

/// <summary>The answer to one <c>upload_data</c> request.</summary>
public sealed class UploadResponse
{
    [JsonProperty("status")]
    public string? Status { get; set; }

    [JsonProperty("batch_uuid")]
    public Guid? BatchId { get; set; }

    [JsonProperty("uploaded_records")]
    public int? UploadedRecords { get; set; }

    [JsonProperty("batch_completed")]
    public bool BatchCompleted { get; set; }
}
