using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// Authenticates Data API calls with <c>Authorization: Token ...</c>, refreshing the token once (whatever the number
/// of concurrent callers) when none is held or it is close to expiry.
/// </summary>
public sealed class MonetateTokenCache : IRequestAuthenticator, IDisposable
{
    private readonly Func<CancellationToken, Task<MonetateToken>> _refresh;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MonetateToken? _token;
    private int _refreshes;

    internal MonetateTokenCache(Func<CancellationToken, Task<MonetateToken>> refresh, TimeProvider? time = null, TimeSpan? refreshMargin = null)
    {
        _refresh = refresh;
        _time = time ?? TimeProvider.System;
        RefreshMargin = refreshMargin ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>How long before expiry a token is replaced (at most half its lifetime).</summary>
    public TimeSpan RefreshMargin { get; }

    /// <summary>How many tokens were fetched.</summary>
    public int Refreshes => Volatile.Read(ref _refreshes);

    public MonetateToken? Current => Volatile.Read(ref _token);

    public async Task AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.TryAddWithoutValidation("Authorization", "Token " + token.Value);
    }

    public async Task<MonetateToken> GetAsync(CancellationToken cancellationToken)
    {
        var token = Current;
        if (token is not null && !IsDue(token))
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            token = Current;
            if (token is null || IsDue(token))
            {
                token = await _refresh(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _token, token);
                Interlocked.Increment(ref _refreshes);
            }

            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the held token, so that the next call fetches a new one (after the service refused it).</summary>
    public void Invalidate() => Volatile.Write(ref _token, null);

    public void Dispose() => _gate.Dispose();

    private bool IsDue(MonetateToken token)
    {
        var margin = TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, token.Lifetime.Ticks / 2));
        return _time.GetUtcNow() >= token.ExpiresAt - margin;
    }
}
