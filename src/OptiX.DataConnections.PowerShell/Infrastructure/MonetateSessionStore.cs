using System.Management.Automation;
using OptiX.DataConnections.Monetate;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>The session <c>Connect-MonetateService</c> made, and the environment variables that stand in for its parameters.</summary>
internal static class MonetateSessionStore
{
    public const string ApiUserVariable = "MONETATE_API_USER";
    public const string PrivateKeyPathVariable = "MONETATE_PRIVATE_KEY_PATH";
    public const string PrivateKeyVariable = "MONETATE_PRIVATE_KEY";
    public const string PassphraseVariable = "MONETATE_PRIVATE_KEY_PASSPHRASE";
    public const string RetailerVariable = "MONETATE_RETAILER";
    public const string BaseUriVariable = "MONETATE_BASE_URI";

    private static readonly object Gate = new();
    private static MonetateSession? _current;

    public static MonetateSession? Current
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
    public static void Set(MonetateSession? session)
    {
        lock (Gate)
        {
            _current = session;
        }
    }

    /// <summary>
    /// The session a cmdlet uses: <paramref name="given"/> (-Session), else Connect-MonetateService's, else one from the
    /// environment (which becomes the current one); a terminating NotConnected or InvalidConnectionSettings otherwise.
    /// </summary>
    public static MonetateSession Resolve(PSCmdlet cmdlet, MonetateSession? given)
    {
        var session = given ?? Current;
        if (session is not null)
        {
            return session;
        }

        try
        {
            session = FromEnvironment(cmdlet.GetUnresolvedProviderPathFromPSPath);
        }
        catch (Exception ex) when (ex is MonetateKeyException or ArgumentException or UriFormatException or InvalidOperationException)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectionSettings", ErrorCategory.InvalidArgument, null));
        }

        if (session is null)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                "Not connected to Monetate: run Connect-MonetateService, or set MONETATE_API_USER, MONETATE_PRIVATE_KEY_PATH (or MONETATE_PRIVATE_KEY) and MONETATE_RETAILER (and MONETATE_BASE_URI for another endpoint).",
                "NotConnected",
                ErrorCategory.ConnectionError,
                null));
        }

        Set(session);
        return session!;
    }

    /// <summary>A session from the MONETATE_* variables, or null when the user, key or retailer is not set.</summary>
    public static MonetateSession? FromEnvironment(Func<string, string> resolvePath)
    {
        var user = EnvironmentVariables.Value(ApiUserVariable);
        var retailer = EnvironmentVariables.Value(RetailerVariable);
        var keyPath = EnvironmentVariables.Value(PrivateKeyPathVariable);
        var keyText = EnvironmentVariables.Secret(PrivateKeyVariable);
        if (user is null || retailer is null || (keyPath is null && keyText is null))
        {
            return null;
        }

        var passphrase = EnvironmentVariables.Secret(PassphraseVariable);
        var key = keyText is not null ? MonetatePrivateKey.FromPem(keyText, passphrase) : MonetatePrivateKey.FromFile(resolvePath(keyPath!), passphrase);
        var baseUri = EnvironmentVariables.Value(BaseUriVariable) is { } uri ? new Uri(uri) : MonetateClient.ProductionBaseUri;
        return new MonetateSession(baseUri, retailer, new MonetateCredentials(user, key));
    }
}
