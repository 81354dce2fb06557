using System.Management.Automation;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Shows where the Opti-X cmdlets send their requests: base URI, brand, production or emulator, retry settings. Never a key.</summary>
[Cmdlet(VerbsCommon.Get, "DCContext", HelpUri = HelpLinks.GetDCContext)]
[OutputType(typeof(DCContext))]
public sealed class GetDCContextCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (DCSessionStore.Current is { } session)
        {
            var fromEmulator = StartDCEmulatorCommand.Running is { HasExited: false } emulator && emulator.BaseUri == session.BaseUri;
            WriteObject(new DCContext(session, fromEmulator ? "Start-DCEmulator" : "Connect-DCService"));
            return;
        }

        try
        {
            if (DCSessionStore.FromEnvironment() is { } fromEnvironment)
            {
                WriteObject(new DCContext(fromEnvironment, "Environment"));
                return;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            WriteWarning($"The OPTIX_* environment variables do not make a session: {ex.Message}");
            return;
        }

        WriteWarning("Not connected: run Connect-DCService (or Start-DCEmulator), or set OPTIX_API_KEY and OPTIX_BRAND_KEY.");
    }
}
