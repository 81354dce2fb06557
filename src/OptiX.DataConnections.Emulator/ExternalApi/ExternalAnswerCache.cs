using System.Collections.Concurrent;

namespace OptiX.DataConnections.Emulator.ExternalApi;

/// <summary>
/// Successful external answers, per connection and per distinct request (<see cref="ExternalRequest.CacheKey"/>), for
/// the connection's ttl on the emulator clock; a ttl of 0 caches nothing. While a cacheable request is on its way,
/// identical lookups wait for it rather than call again. Failures are never cached. The cache lives in memory only.
/// </summary>
internal sealed class ExternalAnswerCache(EmulatorClock clock)
{
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, CachedAnswer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<ExternalAnswer>>> _inFlight = new(StringComparer.Ordinal);

    public async Task<ExternalAnswer> GetOrFetchAsync(
        Guid connection, ExternalRequest request, long ttlSeconds, Func<CancellationToken, Task<ExternalAnswer>> fetch,
        CancellationToken cancellationToken)
    {
        if (ttlSeconds <= 0)
        {
            return await fetch(cancellationToken);
        }
        var key = KeyPrefix(connection) + request.CacheKey;
        if (_answers.TryGetValue(key, out var cached) && clock.UtcNow < cached.ExpiresAt)
        {
            return cached.Answer;
        }
        var call = _inFlight.GetOrAdd(key, _ => new Lazy<Task<ExternalAnswer>>(() => FetchAndStoreAsync(key, ttlSeconds, fetch)));
        return await call.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Drops a connection's answers (its details changed, or it was deleted).</summary>
    public void Forget(Guid connection)
    {
        var prefix = KeyPrefix(connection);
        foreach (var key in _answers.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _answers.TryRemove(key, out _);
        }
    }

    // Shared by every waiting lookup, so no single caller's cancellation stops it; the timeout and retries bound it.
    private async Task<ExternalAnswer> FetchAndStoreAsync(string key, long ttlSeconds, Func<CancellationToken, Task<ExternalAnswer>> fetch)
    {
        try
        {
            // A caller that missed the cache may get here just after the previous call for the key stored its answer
            // and left: that answer is the one to share, not a second call.
            if (_answers.TryGetValue(key, out var stored) && clock.UtcNow < stored.ExpiresAt)
            {
                return stored.Answer;
            }

            var answer = await fetch(CancellationToken.None);
            if (answer.Failure is null)
            {
                if (_answers.Count >= SweepAbove)
                {
                    Sweep();
                }
                _answers[key] = new CachedAnswer(answer, clock.UtcNow.AddSeconds(ttlSeconds));
            }
            return answer;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    private void Sweep()
    {
        var now = clock.UtcNow;
        foreach (var (key, answer) in _answers)
        {
            if (answer.ExpiresAt <= now)
            {
                _answers.TryRemove(key, out _);
            }
        }
    }

    private static string KeyPrefix(Guid connection) => connection.ToString("N") + "\n";

    private sealed record CachedAnswer(ExternalAnswer Answer, DateTimeOffset ExpiresAt);
}
