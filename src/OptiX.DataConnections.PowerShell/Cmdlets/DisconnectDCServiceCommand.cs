using System.Management.Automation;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Forgets the session's credentials.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "DCService", HelpUri = HelpLinks.DisconnectDCService)]
[OutputType(typeof(void))]
public sealed class DisconnectDCServiceCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (DCSessionStore.Current is { } session)
        {
            WriteVerbose($"Disconnected from {session.BaseUri}");
        }

        DCSessionStore.Set(null);
    }
}
