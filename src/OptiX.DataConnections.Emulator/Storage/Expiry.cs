namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>
/// Record expiry. A version stores its time to live in milliseconds (null never expires); it expires that long
/// after its batch completed, so <c>expires_at</c> below is <c>batches.completed_at + record_versions.ttl_ms</c>.
/// </summary>
internal static class Expiry
{
    /// <summary>SQL condition for a record that has not expired at <c>$now</c>.</summary>
    public const string LiveCondition = "(expires_at IS NULL OR expires_at > $now)";

    // About 31,700 years: keeps now + ttl in milliseconds far from overflowing a 64-bit integer.
    private const long MaxTtlSeconds = 1_000_000_000_000;

    public static long? Milliseconds(long? ttlSeconds) => ttlSeconds is { } ttl ? Math.Min(ttl, MaxTtlSeconds) * 1000 : null;
}
