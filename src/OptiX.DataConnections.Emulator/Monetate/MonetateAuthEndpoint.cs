using System.Globalization;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary><c>GET /api/auth/v0/refresh/</c>: trades a signed JWT for an access token.</summary>
internal static class MonetateAuthEndpoint
{
    public const string Path = "/api/auth/v0/refresh/";
    public const int DefaultTtlSeconds = 3600;
    public const int MinTtlSeconds = 600;
    public const int MaxTtlSeconds = 43200;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, Refresh).AddEndpointFilter<MonetateProblemFilter>();

    private static IResult Refresh(HttpContext context, MonetateUsers users, MonetateTokens tokens, EmulatorClock clock)
    {
        var jwt = MonetateAuthorization.Credential(context.Request, "JWT");
        var now = clock.UtcNow;
        var user = MonetateJwt.Verify(jwt, users, now);
        if (!users.IsActive(user))
        {
            throw MonetateProblem.Forbidden(user);
        }
        var ttl = Ttl(context.Request.Query["ttl"]);
        var token = tokens.Issue(user, now, TimeSpan.FromSeconds(ttl));
        return MonetateEnvelope.Ok(new RefreshData(
            token.Value, ttl, UnixSeconds(token.ExpiresAt), UnixSeconds(token.IssuedAt)));
    }

    private static int Ttl(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count == 0)
        {
            return DefaultTtlSeconds;
        }
        if (values.Count == 1
            && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ttl)
            && ttl is >= MinTtlSeconds and <= MaxTtlSeconds)
        {
            return ttl;
        }
        throw MonetateProblem.BadRequest(
            $"ttl must be a whole number of seconds from {MinTtlSeconds} to {MaxTtlSeconds}, not '{values}'.");
    }

    private static double UnixSeconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() / 1000.0;

    private sealed record RefreshData(string Token, int ExpiresIn, double ExpiresAt, double IssuedAt);
}
