using System.Text;

namespace OptiX.DataConnections.Emulator.Faults;

internal enum FaultKind
{
    None,
    TooManyRequests,
    InternalServerError,
    ServiceUnavailable,
    Drop,
    DropAfter,
}

/// <summary>What happens to one request: the added latency, then the fault (or none).</summary>
internal readonly record struct FaultDecision(FaultKind Kind, int LatencyMs, int RetryAfterSeconds)
{
    public static readonly FaultDecision None = new(FaultKind.None, 0, 0);
}

/// <summary>The active spec and the seed it runs with (chosen at random when the spec names none).</summary>
internal sealed record FaultState(string Spec, int Seed);

/// <summary>
/// Decides the faults. Each route has its own random sequence, seeded from the seed and the route's name, so the n-th
/// request to a route meets the same fault in every run with the same spec and seed, however requests to different
/// routes interleave. Per request on a route with settings: one draw picks the fault (429, 500, 503, drop, dropafter
/// in that order over [0, 1)), then one draw the latency if a latency is set. Setting a spec restarts the sequences.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private FaultSpec? _spec;
    private int _seed;
    private readonly Dictionary<string, Random> _randoms = new(StringComparer.Ordinal);

    public FaultInjector(FaultSpec? spec) => Apply(spec);

    public FaultState? State
    {
        get
        {
            lock (_lock)
            {
                return _spec is null ? null : new FaultState(_spec.Text, _seed);
            }
        }
    }

    /// <summary>Replaces the active spec (null or an empty spec: no faults) and restarts the random sequences.</summary>
    public FaultState? Apply(FaultSpec? spec)
    {
        lock (_lock)
        {
            _randoms.Clear();
            _spec = spec is null || spec.Routes.Count == 0 ? null : spec;
            _seed = spec?.Seed ?? Random.Shared.Next();
            return _spec is null ? null : new FaultState(_spec.Text, _seed);
        }
    }

    public FaultDecision Decide(string route)
    {
        lock (_lock)
        {
            if (_spec is null)
            {
                return FaultDecision.None;
            }
            var settings = _spec.For(route);
            if (settings.IsEmpty)
            {
                return FaultDecision.None;
            }
            if (!_randoms.TryGetValue(route, out var random))
            {
                random = new Random(_seed ^ StableHash(route));
                _randoms[route] = random;
            }
            var kind = PickKind(settings, random.NextDouble());
            var latency = settings.HasLatency ? random.Next(settings.LatencyMinMs ?? 0, settings.LatencyMaxMs!.Value + 1) : 0;
            return new FaultDecision(kind, latency, settings.RetryAfterSeconds ?? FaultSettings.DefaultRetryAfterSeconds);
        }
    }

    private static FaultKind PickKind(FaultSettings settings, double draw)
    {
        var threshold = 0.0;
        foreach (var (kind, probability) in new[]
        {
            (FaultKind.TooManyRequests, settings.TooManyRequests),
            (FaultKind.InternalServerError, settings.InternalServerError),
            (FaultKind.ServiceUnavailable, settings.ServiceUnavailable),
            (FaultKind.Drop, settings.Drop),
            (FaultKind.DropAfter, settings.DropAfter),
        })
        {
            threshold += probability ?? 0;
            if (draw < threshold)
            {
                return kind;
            }
        }
        return FaultKind.None;
    }

    // FNV-1a: string.GetHashCode differs from process to process, and a run must be repeatable.
    private static int StableHash(string text)
    {
        var hash = 2166136261;
        foreach (var octet in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ octet) * 16777619;
        }
        return unchecked((int)hash);
    }
}
