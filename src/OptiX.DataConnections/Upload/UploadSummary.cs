namespace OptiX.DataConnections.Upload;

/// <summary>What one upload did: the object <c>Send-DCData -PassThru</c> returns.</summary>
public sealed class UploadSummary
{
    public Guid ConnectionId { get; set; }

    public Guid BatchId { get; set; }

    /// <summary>Records the service acknowledged.</summary>
    public long RecordsSent { get; set; }

    /// <summary>Records refused before sending (for example, no primary key).</summary>
    public long RecordsRejected { get; set; }

    /// <summary>Records in requests that failed for good; they were handed back as errors.</summary>
    public long RecordsFailed { get; set; }

    public int Requests { get; set; }

    /// <summary>True when the batch was completed and its records are visible to queries.</summary>
    public bool BatchCompleted { get; set; }

    public bool WhatIf { get; set; }

    public TimeSpan Elapsed { get; set; }

    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Math.Round(RecordsSent / Elapsed.TotalSeconds, 1) : 0;
}
