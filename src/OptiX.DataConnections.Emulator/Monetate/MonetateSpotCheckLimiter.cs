using System.Collections.Concurrent;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>The single-record GET allows at most one request per second per API user (emulator clock).</summary>
internal sealed class MonetateSpotCheckLimiter(EmulatorClock clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastByUser = new(StringComparer.Ordinal);

    /// <summary>True (and the request counted) when the user's previous admitted request is a second or more ago.</summary>
    public bool TryAdmit(string user)
    {
        var now = clock.UtcNow;
        while (true)
        {
            if (!_lastByUser.TryGetValue(user, out var last))
            {
                if (_lastByUser.TryAdd(user, now))
                {
                    return true;
                }
                continue;
            }
            if (now - last < Window)
            {
                return false;
            }
            if (_lastByUser.TryUpdate(user, now, last))
            {
                return true;
            }
        }
    }
}
