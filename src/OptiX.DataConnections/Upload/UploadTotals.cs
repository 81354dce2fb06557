namespace OptiX.DataConnections.Upload;

/// <summary>The running counts of one upload, whichever the vendor; each vendor's summary is read from these.</summary>
public sealed class UploadTotals
{
    /// <summary>Records the service acknowledged in this run.</summary>
    public long RecordsSent { get; internal set; }

    /// <summary>Records refused for their content: before sending, or by the service once isolated.</summary>
    public long RecordsRejected { get; internal set; }

    /// <summary>Records not stored for another reason (the request failed, the service was unreachable, a stop).</summary>
    public long RecordsFailed { get; internal set; }

    /// <summary>Records a previous run had already stored: it completed the batch before this run.</summary>
    public long RecordsAlreadyStored { get; internal set; }

    /// <summary>HTTP requests sent (splits included).</summary>
    public int Requests { get; internal set; }

    /// <summary>True when the batch is completed (vendors with batches): by this run, or by the previous one.</summary>
    public bool BatchCompleted { get; internal set; }

    /// <summary>True when the service answered that a previous run of the same upload had completed the batch.</summary>
    public bool CompletedByPreviousRun { get; internal set; }

    public TimeSpan Elapsed { get; internal set; }
}
