using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Security;

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
        var apiKey = Environment.GetEnvironmentVariable(ApiKeyVariable);
        var brandKey = Environment.GetEnvironmentVariable(BrandKeyVariable);
        if (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(brandKey))
        {
            return null;
        }

        var baseUri = Environment.GetEnvironmentVariable(BaseUriVariable);
        var credentials = new OptiXCredentials(SecureStrings.FromPlainText(apiKey!), SecureStrings.FromPlainText(brandKey!));
        return new OptiXSession(string.IsNullOrEmpty(baseUri) ? OptiXClient.ProductionBaseUri : new Uri(baseUri), credentials);
    }
}
