namespace OptiX.DataConnections.Models;

/// <summary>The answer to one <c>upload_data</c> request (read by <see cref="OptiX.Answers.ChangeAnswers"/>); null where the answer does not say.</summary>
public sealed class UploadResponse
{
    public string? Status { get; set; }

    public Guid? BatchId { get; set; }

    public int? UploadedRecords { get; set; }

    public bool? BatchCompleted { get; set; }
}
