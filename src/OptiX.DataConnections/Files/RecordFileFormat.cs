namespace OptiX.DataConnections.Files;

public enum RecordFileFormat
{
    /// <summary>Chosen by the file's extension: .csv, .json, .ndjson or .jsonl.</summary>
    Auto,
    Csv,

    /// <summary>A top-level JSON array of objects, read as a stream.</summary>
    Json,

    /// <summary>One JSON object a line (.ndjson, .jsonl).</summary>
    Ndjson,
}
