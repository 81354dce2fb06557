using System.Management.Automation;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Stops the emulator that Start-DCEmulator started, and disconnects from it.</summary>
[Cmdlet(VerbsLifecycle.Stop, "DCEmulator", HelpUri = HelpLinks.StopDCEmulator)]
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

        var outcome = running.Stop(TimeSpan.FromSeconds(5));
        var exit = outcome == EmulatorStopOutcome.AlreadyExited ? running.ExitDescription : null;
        running.Dispose();
        StartDCEmulatorCommand.Running = null;
        switch (outcome)
        {
            case EmulatorStopOutcome.AlreadyExited:
                WriteWarning($"The emulator at {running.BaseUri} (process {running.ProcessId}) had already exited, with {exit}. Nothing was stopped.");
                break;
            case EmulatorStopOutcome.Killed:
                WriteWarning($"The emulator at {running.BaseUri} (process {running.ProcessId}) did not stop within 5 s and was killed; a temporary data file may be left behind.");
                break;
            default:
                WriteVerbose($"Stopped the emulator at {running.BaseUri} (process {running.ProcessId}).");
                break;
        }
    }
}
