namespace OptiX.DataConnections.Upload;

/// <summary>What one upload did: the object <c>Send-DCData -PassThru</c> returns.</summary>
public sealed class UploadSummary
{
    public Guid ConnectionId { get; set; }

    public Guid BatchId { get; set; }

    /// <summary>Records the service acknowledged.</summary>
    public long RecordsSent { get; set; }

    /// <summary>Records refused for their content (for example, no primary key): before sending, or by the service.</summary>
    public long RecordsRejected { get; set; }

    /// <summary>Records in requests that failed for good; they were handed back as errors.</summary>
    public long RecordsFailed { get; set; }

    /// <summary>Records a previous run had stored: it completed the batch before this run (see <see cref="CompletedByPreviousRun"/>).</summary>
    public long RecordsAlreadyStored { get; set; }

    public int Requests { get; set; }

    /// <summary>True when the batch was completed and its records are visible to queries.</summary>
    public bool BatchCompleted { get; set; }

    /// <summary>True when a previous run of the same upload had already completed the batch.</summary>
    public bool CompletedByPreviousRun { get; set; }

    public bool WhatIf { get; set; }

    public TimeSpan Elapsed { get; set; }

    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Math.Round(RecordsSent / Elapsed.TotalSeconds, 1) : 0;

    public static UploadSummary Of(UploadEngine upload)
    {
        var adapter = (OptiXUploadAdapter)upload.Adapter;
        var totals = upload.Totals;
        return new UploadSummary
        {
            ConnectionId = adapter.Connection.ConnectionId,
            BatchId = adapter.BatchId,
            RecordsSent = totals.RecordsSent,
            RecordsRejected = totals.RecordsRejected,
            RecordsFailed = totals.RecordsFailed,
            RecordsAlreadyStored = totals.RecordsAlreadyStored,
            Requests = totals.Requests,
            BatchCompleted = totals.BatchCompleted,
            CompletedByPreviousRun = totals.CompletedByPreviousRun,
            WhatIf = upload.DryRun,
            Elapsed = totals.Elapsed == TimeSpan.Zero ? upload.Elapsed : totals.Elapsed,
        };
    }
}
