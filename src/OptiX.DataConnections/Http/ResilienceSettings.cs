namespace OptiX.DataConnections.Http;

/// <summary>How hard the client tries before a request fails for good.</summary>
public sealed class ResilienceSettings
{
    /// <summary>Retries after the first attempt (0 disables retrying).</summary>
    public int MaxRetries { get; set; } = 8;

    /// <summary>Total time one request may take, retries and waits included.</summary>
    public TimeSpan MaxRetryTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time one attempt may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait, whether from backoff or from a <c>Retry-After</c> header.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    public ResilienceSettings Clone() => (ResilienceSettings)MemberwiseClone();

    public void Validate()
    {
        if (MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), "MaxRetries cannot be negative.");
        }

        if (MaxRetryTime <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryTime), "Timeouts must be positive.");
        }
    }
}
