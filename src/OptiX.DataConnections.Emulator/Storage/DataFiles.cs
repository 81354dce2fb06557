namespace OptiX.DataConnections.Emulator.Storage;

internal static class DataFiles
{
    /// <summary>Deletes a SQLite file with its WAL and shared-memory side files.</summary>
    public static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
