using System.Management.Automation;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Stops the emulator that Start-DCEmulator started, and disconnects from it.</summary>
[Cmdlet(VerbsLifecycle.Stop, "DCEmulator")]
[OutputType(typeof(void))]
public sealed class StopDCEmulatorCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var running = StartDCEmulatorCommand.Running;
        if (running is null)
        {
            WriteVerbose("No emulator started by this session is running.");
            return;
        }

        if (DCSessionStore.Current?.BaseUri == running.BaseUri)
        {
            DCSessionStore.Set(null);
        }

        running.Dispose();
        StartDCEmulatorCommand.Running = null;
        WriteVerbose($"Stopped the emulator at {running.BaseUri}.");
    }
}
