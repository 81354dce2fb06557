namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>A running local emulator, as Start-DCEmulator -PassThru describes it.</summary>
public sealed class EmulatorInfo
{
    internal EmulatorInfo(EmulatorProcess process)
    {
        BaseUri = process.BaseUri;
        DataPath = process.DataPath;
        ProcessId = process.ProcessId;
        AdminKey = process.AdminKey;
    }

    public Uri BaseUri { get; }

    public string DataPath { get; }

    public int ProcessId { get; }

    /// <summary>The key of the emulator's admin API (x-admin-key), for changing injected faults at run time.</summary>
    public string? AdminKey { get; }
}
