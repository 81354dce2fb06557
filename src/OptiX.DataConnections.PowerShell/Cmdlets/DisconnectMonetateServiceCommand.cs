using System.Management.Automation;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Forgets the Monetate session: its key and tokens are dropped from memory.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "MonetateService", HelpUri = HelpLinks.DisconnectMonetateService)]
[OutputType(typeof(void))]
public sealed class DisconnectMonetateServiceCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (MonetateSessionStore.Current is { } session)
        {
            WriteVerbose($"Disconnecting from {session.BaseUri}.");
        }

        MonetateSessionStore.Set(null);
    }
}
