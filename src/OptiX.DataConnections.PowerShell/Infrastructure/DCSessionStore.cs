using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>The session <c>Connect-DCService</c> made, shared by every cmdlet in the runspace's process.</summary>
internal static class DCSessionStore
{
    public const string ApiKeyVariable = "OPTIX_API_KEY";
    public const string BrandKeyVariable = "OPTIX_BRAND_KEY";
    public const string BaseUriVariable = "OPTIX_BASE_URI";

    private static readonly object Gate = new();
    private static OptiXSession? _current;

    public static OptiXSession? Current
    {
        get
        {
            lock (Gate)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="session"/> the current one. The one it replaces is not disposed: a script may still hold
    /// it (Connect- -PassThru, -Session) or another runspace may be using it; the garbage collector takes it.
    /// </summary>
    public static void Set(OptiXSession? session)
    {
        lock (Gate)
        {
            _current = session;
        }
    }

    /// <summary>A session from OPTIX_API_KEY, OPTIX_BRAND_KEY and OPTIX_BASE_URI, or null when the keys are not set.</summary>
    public static OptiXSession? FromEnvironment()
    {
        var apiKey = EnvironmentVariables.Secret(ApiKeyVariable);
        var brandKey = EnvironmentVariables.Secret(BrandKeyVariable);
        if (apiKey is null || brandKey is null)
        {
            return null;
        }

        var baseUri = EnvironmentVariables.Value(BaseUriVariable) is { } uri ? new Uri(uri) : OptiXClient.ProductionBaseUri;
        return new OptiXSession(baseUri, new OptiXCredentials(apiKey, brandKey));
    }
}
