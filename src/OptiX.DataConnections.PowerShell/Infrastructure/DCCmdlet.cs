using System.Management.Automation;
using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>An Opti-X cmdlet: the optional -Session, else the one Connect-DCService made, else one from the environment.</summary>
public abstract class DCCmdlet : ServiceCmdlet
{
    private OptiXSession? _resolved;

    /// <summary>The session to use instead of the one from Connect-DCService.</summary>
    [Parameter]
    public OptiXSession? Session { get; set; }

    /// <summary>The session to use: -Session, else Connect-DCService's, else one from the environment.</summary>
    protected OptiXSession ResolveSession()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var session = Session ?? DCSessionStore.Current;
        if (session is null)
        {
            session = DCSessionStore.FromEnvironment();
            if (session is null)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    "Not connected: run Connect-DCService, or set OPTIX_API_KEY and OPTIX_BRAND_KEY (and OPTIX_BASE_URI for another endpoint).",
                    "NotConnected",
                    ErrorCategory.ConnectionError,
                    null));
            }

            DCSessionStore.Set(session);
        }

        ThrowIfEmulatorExited(session!);
        session!.Client.Retrying += OnRetrying;
        return _resolved = session;
    }

    /// <summary>A session on the emulator this process started, which has since exited: said at once, with how it ended.</summary>
    private void ThrowIfEmulatorExited(OptiXSession session)
    {
        if (Cmdlets.StartDCEmulatorCommand.Running is { HasExited: true } emulator && emulator.BaseUri == session.BaseUri)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                $"The emulator at {emulator.BaseUri} is not running: it exited with {emulator.ExitDescription}. Start it again with Start-DCEmulator.",
                "EmulatorNotRunning",
                ErrorCategory.ConnectionError,
                emulator.BaseUri,
                "Start-DCEmulator starts a new emulator and connects this session to it."));
        }
    }

    protected override void ReleaseResources()
    {
        if (_resolved is not null)
        {
            _resolved.Client.Retrying -= OnRetrying;
        }
    }
}
