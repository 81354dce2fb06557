namespace OptiX.DataConnections.Files;

/// <summary>One record read from a file, or why the entry at that place could not be read as one.</summary>
public sealed class FileRecord
{
    private FileRecord(string path, long number, IReadOnlyList<KeyValuePair<string, object?>>? fields, string? error)
    {
        Path = path;
        Number = number;
        Fields = fields;
        Error = error;
    }

    public string Path { get; }

    /// <summary>1 for the first record of the file (CSV: the first row after the header).</summary>
    public long Number { get; }

    public IReadOnlyList<KeyValuePair<string, object?>>? Fields { get; }

    public string? Error { get; }

    public static FileRecord Read(string path, long number, IReadOnlyList<KeyValuePair<string, object?>> fields) => new(path, number, fields, null);

    public static FileRecord Bad(string path, long number, string error) => new(path, number, null, error);

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)} record {Number}";
}
