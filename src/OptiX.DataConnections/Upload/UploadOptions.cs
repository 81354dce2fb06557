namespace OptiX.DataConnections.Upload;

/// <summary>An Opti-X upload's options (see <see cref="OptiXUploadAdapter.Start"/>).</summary>
public sealed class UploadOptions
{
    /// <summary>The service's limit on records per request.</summary>
    public const int MaxBatchSize = 5000;

    /// <summary>Requests in flight by default.</summary>
    public const int DefaultThrottleLimit = 4;

    /// <summary>Records per request, 1 to 5000.</summary>
    public int BatchSize { get; set; } = MaxBatchSize;

    /// <summary>Seconds until the records expire; null: never.</summary>
    public int? TtlSeconds { get; set; }

    /// <summary>Requests in flight at once.</summary>
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    /// <summary>Bytes per request body at most (see <see cref="UploadEngineOptions.DefaultMaxRequestBytes"/>).</summary>
    public long MaxRequestBytes { get; set; } = UploadEngineOptions.DefaultMaxRequestBytes;

    /// <summary>An open batch to add to (to finish an earlier run); null starts a new batch.</summary>
    public Guid? BatchId { get; set; }

    /// <summary>Input records already settled by an earlier run of the same upload; the caller skips them.</summary>
    public long InputOffset { get; set; }

    /// <summary>The batch is resumed from a checkpoint (see <see cref="UploadEngineOptions.ResumingBatch"/>).</summary>
    public bool ResumingBatch { get; set; }

    /// <summary>See <see cref="UploadEngineOptions.CompletedEarlier"/>.</summary>
    public bool CompletedEarlier { get; set; }

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

        ForEngine().Validate(MaxBatchSize);
    }

    internal UploadEngineOptions ForEngine() => new()
    {
        BatchSize = BatchSize,
        ThrottleLimit = ThrottleLimit,
        MaxRequestBytes = MaxRequestBytes,
        InputOffset = InputOffset,
        ResumingBatch = ResumingBatch,
        CompletedEarlier = CompletedEarlier,
        DryRun = DryRun,
    };
}
