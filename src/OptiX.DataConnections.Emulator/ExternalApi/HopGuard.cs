using System.Globalization;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.ExternalApi;

/// <summary>
/// Stops loops of API-based connections through several emulators (A's URL is B's query, whose URL is A's query...):
/// every external call carries <see cref="Header"/>, one more than the request that caused it, and a request that has
/// come through <see cref="MaxHops"/> such calls is refused with 508 Loop Detected, so the chain unwinds with errors.
/// (A URL that leads to the same emulator is refused before any call: <see cref="SelfAddress"/>.)
/// </summary>
internal sealed class HopGuard(RequestDelegate next)
{
    public const string Header = "X-OptiX-Emulator-Hops";
    public const int MaxHops = 3;

    private static readonly AsyncLocal<int> _current = new();

    /// <summary>The hops of the request being served on this async flow (0 for a request from a client).</summary>
    public static int Current => _current.Value;

    public Task InvokeAsync(HttpContext context)
    {
        var hops = context.Request.Headers.TryGetValue(Header, out var value)
            && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : 0;
        if (hops >= MaxHops)
        {
            throw new ApiProblem(
                StatusCodes.Status508LoopDetected,
                new DetailBody(
                    $"Loop detected: this request comes from a chain of {hops} API-based connections calling emulators "
                    + $"(at most {MaxHops - 1} are followed); a connection's url leads back into the chain"));
        }
        _current.Value = hops;
        return next(context);
    }
}
