namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// Data API access: <c>Authorization: Token &lt;token&gt;</c> must name a live token (401 otherwise) of a user whose
/// key is active (403 otherwise), then the retailer in the path must be the emulator's (404 otherwise).
/// </summary>
internal sealed class MonetateTokenFilter(
    MonetateTokens tokens, MonetateUsers users, MonetateSettings settings, EmulatorClock clock) : IEndpointFilter
{
    private const string UserItem = "monetate.user";

    public static string UserOf(HttpContext context) => (string)context.Items[UserItem]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = MonetateAuthorization.Credential(http.Request, "Token");
        var user = tokens.UserOf(token, clock.UtcNow)
            ?? throw MonetateProblem.Unauthorized("Invalid token: unknown or expired.");
        if (!users.IsActive(user))
        {
            throw MonetateProblem.Forbidden(user);
        }
        if (!string.Equals(http.GetRouteValue(MonetateRoutes.Retailer) as string, settings.Retailer, StringComparison.Ordinal))
        {
            throw MonetateProblem.NotFound("Unknown retailer.");
        }
        http.Items[UserItem] = user;
        return await next(context);
    }
}
