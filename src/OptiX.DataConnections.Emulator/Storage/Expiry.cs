namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>Record expiry as Unix milliseconds; null never expires.</summary>
internal static class Expiry
{
    /// <summary>SQL condition for a record that has not expired at <c>$now</c>.</summary>
    public const string LiveCondition = "(expires_at IS NULL OR expires_at > $now)";

    // About 31,700 years: keeps now + ttl in milliseconds far from overflowing a 64-bit integer.
    private const long MaxTtlSeconds = 1_000_000_000_000;

    public static long? At(long nowMilliseconds, long? ttlSeconds) =>
        ttlSeconds is { } ttl ? nowMilliseconds + (Clamp(ttl) * 1000) : null;

    public static long? Clamp(long? ttlSeconds) => ttlSeconds is { } ttl ? Math.Min(ttl, MaxTtlSeconds) : null;
}
