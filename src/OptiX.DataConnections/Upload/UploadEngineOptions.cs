namespace OptiX.DataConnections.Upload;

/// <summary>How <see cref="UploadEngine"/> cuts records into requests and sends them, whichever the vendor.</summary>
public sealed class UploadEngineOptions
{
    /// <summary>
    /// The default byte budget of one request body: 6,000,000 bytes. API gateways in front of services cap bodies
    /// (AWS API Gateway at 10 MB, a Lambda behind it at 6 MB, many nginx set-ups lower), and neither vendor documents
    /// its own cap, so requests stay under the lowest common one; 5000 typical records (about 200 bytes each) are far
    /// below it, so it only binds for wide records.
    /// </summary>
    public const int DefaultMaxRequestBytes = 6_000_000;

    /// <summary>The smallest byte budget accepted: room for the framing and a record of some size.</summary>
    public const int MinRequestBytes = 1024;

    /// <summary>Extra requests one request may cost while its refused records are isolated (split in halves).</summary>
    public const int DefaultMaxSplitRequests = 200;

    /// <summary>Records per request.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Requests in flight at once.</summary>
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>Bytes per request body at most (records and framing).</summary>
    public long MaxRequestBytes { get; set; } = DefaultMaxRequestBytes;

    /// <summary>See <see cref="DefaultMaxSplitRequests"/>.</summary>
    public int MaxSplitRequests { get; set; } = DefaultMaxSplitRequests;

    /// <summary>Input records already settled by an earlier run of the same upload; the caller skips them.</summary>
    public long InputOffset { get; set; }

    /// <summary>
    /// True when the batch was begun by an earlier run that this run resumes (from a checkpoint): the service's "batch
    /// already completed" then means the earlier run completed it, so the upload is done.
    /// </summary>
    public bool ResumingBatch { get; set; }

    /// <summary>The earlier run completed the upload (its checkpoint says so): nothing is sent, every record counts as stored.</summary>
    public bool CompletedEarlier { get; set; }

    /// <summary>Validate and count without sending anything.</summary>
    public bool DryRun { get; set; }

    public void Validate(int maxBatchSize)
    {
        if (BatchSize < 1 || BatchSize > maxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"BatchSize must be between 1 and {maxBatchSize}.");
        }

        if (ThrottleLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, "ThrottleLimit must be at least 1.");
        }

        if (MaxRequestBytes < MinRequestBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRequestBytes), MaxRequestBytes, $"MaxRequestBytes must be at least {MinRequestBytes}.");
        }

        if (MaxSplitRequests < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSplitRequests), MaxSplitRequests, "MaxSplitRequests cannot be negative.");
        }
    }
}
