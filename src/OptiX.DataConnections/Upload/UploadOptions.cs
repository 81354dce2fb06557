namespace OptiX.DataConnections.Upload;

public sealed class UploadOptions
{
    /// <summary>The service's limit on records per request.</summary>
    public const int MaxBatchSize = 5000;

    /// <summary>Records per request, 1 to 5000.</summary>
    public int BatchSize { get; set; } = MaxBatchSize;

    /// <summary>Seconds until the records expire; null: never.</summary>
    public int? TtlSeconds { get; set; }

    /// <summary>Requests in flight at once.</summary>
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>An open batch to add to (to finish an earlier run); null starts a new batch.</summary>
    public Guid? BatchId { get; set; }

    /// <summary>Input records already settled by an earlier run of the same upload; the caller skips them.</summary>
    public long InputOffset { get; set; }

    /// <summary>Validate and count without sending anything.</summary>
    public bool DryRun { get; set; }

    public void Validate()
    {
        if (BatchSize is < 1 or > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"BatchSize must be between 1 and {MaxBatchSize}: the service accepts at most {MaxBatchSize} records per request.");
        }

        if (TtlSeconds is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TtlSeconds), TtlSeconds, "TtlSeconds cannot be negative; omit it for records that never expire.");
        }

        if (ThrottleLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, "ThrottleLimit must be at least 1.");
        }
    }
}
