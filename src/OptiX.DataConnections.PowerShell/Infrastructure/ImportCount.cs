namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// How many runspaces have the module imported: the process-wide hooks (the resolve handler, the type names) are set
/// by the first import and taken by the last removal, on both editions. Not thread-safe by itself: the caller holds
/// its lock. Pure, so xunit tests it (the file is compiled into the test project).
/// </summary>
internal sealed class ImportCount
{
    private int _imports;

    public int Imports => _imports;

    /// <summary>Counts an import; true for the first one, which sets the hooks.</summary>
    public bool Import() => _imports++ == 0;

    /// <summary>Counts a removal; true for the last one, which takes the hooks. A removal with no import is ignored.</summary>
    public bool Remove() => _imports > 0 && --_imports == 0;
}
