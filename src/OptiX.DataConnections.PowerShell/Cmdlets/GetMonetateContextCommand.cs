using System.Management.Automation;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Shows where the Monetate cmdlets send their requests: base URI, API user, retailer, production or emulator, token expiry. Never the key or the token.</summary>
[Cmdlet(VerbsCommon.Get, "MonetateContext", HelpUri = HelpLinks.GetMonetateContext)]
[OutputType(typeof(MonetateContext))]
public sealed class GetMonetateContextCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (MonetateSessionStore.Current is { } session)
        {
            WriteObject(new MonetateContext(session, "Connect-MonetateService"));
            return;
        }

        WriteWarning(EnvironmentVariables.Value(MonetateSessionStore.ApiUserVariable) is null
            ? "Not connected: run Connect-MonetateService, or set MONETATE_API_USER, MONETATE_PRIVATE_KEY_PATH and MONETATE_RETAILER."
            : "Not connected yet: the MONETATE_* environment variables are set, and the next Monetate cmdlet connects with them.");
    }
}
