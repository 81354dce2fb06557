using System.Management.Automation;
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

    /// <summary>
    /// The session a cmdlet uses: <paramref name="given"/> (-Session), else Connect-DCService's, else one from the
    /// environment (which becomes the current one); a terminating NotConnected or InvalidConnectionSettings otherwise.
    /// </summary>
    public static OptiXSession Resolve(PSCmdlet cmdlet, OptiXSession? given)
    {
        var session = given ?? Current;
        if (session is not null)
        {
            ThrowIfEmulatorExited(cmdlet, session);
            return session;
        }

        try
        {
            session = FromEnvironment();
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or InvalidOperationException)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectionSettings", ErrorCategory.InvalidArgument, null)
            {
                ErrorDetails = new ErrorDetails($"The Opti-X settings in the environment are not usable: {ex.Message}") { RecommendedAction = $"Check {BaseUriVariable} (an absolute https URI), or run Connect-DCService." },
            });
        }

        if (session is null)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                "Not connected: run Connect-DCService, or set OPTIX_API_KEY and OPTIX_BRAND_KEY (and OPTIX_BASE_URI for another endpoint).",
                "NotConnected",
                ErrorCategory.ConnectionError,
                null));
        }

        Set(session);
        ThrowIfEmulatorExited(cmdlet, session!);
        return session!;
    }

    /// <summary>A session on the emulator this process started, which has since exited: said at once, with how it ended.</summary>
    private static void ThrowIfEmulatorExited(PSCmdlet cmdlet, OptiXSession session)
    {
        if (Cmdlets.StartDCEmulatorCommand.Running is { HasExited: true } emulator && emulator.BaseUri == session.BaseUri)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                $"The emulator at {emulator.BaseUri} is not running: it exited with {emulator.ExitDescription}. Start it again with Start-DCEmulator.",
                "EmulatorNotRunning",
                ErrorCategory.ConnectionError,
                emulator.BaseUri,
                "Start-DCEmulator starts a new emulator and connects this session to it."));
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
