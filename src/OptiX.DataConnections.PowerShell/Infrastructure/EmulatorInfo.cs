namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>A running local emulator, as Start-DCEmulator -PassThru describes it.</summary>
public sealed class EmulatorInfo
{
    internal EmulatorInfo(EmulatorProcess process)
    {
        BaseUri = process.BaseUri;
        DataPath = process.DataPath;
        ProcessId = process.ProcessId;
    }

    public Uri BaseUri { get; }

    public string DataPath { get; }

    public int ProcessId { get; }
}
