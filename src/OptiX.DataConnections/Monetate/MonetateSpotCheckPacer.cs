namespace OptiX.DataConnections.Monetate;

/// <summary>
/// Runs spot checks one at a time, each starting at least <see cref="Interval"/> after the previous one finished,
/// so that the service, which admits one a second per API user, never sees two within a second. One pacer serves
/// every client of the same user and endpoint in the process.
/// </summary>
public sealed class MonetateSpotCheckPacer
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MonetateSpotCheckPacer> PerUser = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _lastFinished;

    internal MonetateSpotCheckPacer(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The pacer of one API user at one endpoint.</summary>
    public static MonetateSpotCheckPacer For(Uri baseUri, string apiUser) =>
        PerUser.GetOrAdd(baseUri.GetLeftPart(UriPartial.Authority) + "|" + apiUser, _ => new MonetateSpotCheckPacer());

    /// <summary>A second, and a little more: timers may fire a millisecond early against the wall clock the service reads.</summary>
    public TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(1050);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_lastFinished is { } last)
            {
                var wait = last + Interval - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }

            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _lastFinished = _time.GetUtcNow();
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
