using System.Text;

namespace OptiX.DataConnections.Files;

/// <summary>
/// Streams records out of a CSV, JSON-array or NDJSON file, never holding more than one record: memory stays flat
/// whatever the file's size. A malformed entry is returned as a bad record and reading goes on when the format allows.
/// </summary>
public abstract class RecordFileReader : IDisposable
{
    private readonly CountingStream _stream;

    protected RecordFileReader(string path)
    {
        Path = path;
        _stream = new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        Length = _stream.Length;
    }

    public string Path { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; }

    /// <summary>Bytes read so far (read-ahead included), for progress.</summary>
    public long BytesRead => _stream.BytesRead;

    /// <summary>Text that was not valid in the file's encoding was read (as U+FFFD): most likely a wrong -Encoding.</summary>
    public bool SawUndecodableText { get; protected set; }

    /// <summary>The file's bytes; a reader owns it once it wraps it.</summary>
    protected Stream Stream => _stream;

    /// <summary>Text in the given encoding, UTF-8 by default; a byte-order mark wins over both.</summary>
    protected StreamReader OpenText(Encoding? encoding) =>
        new(_stream, encoding ?? new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

    public static RecordFileFormat FormatOf(string path, RecordFileFormat format)
    {
        if (format != RecordFileFormat.Auto)
        {
            return format;
        }

        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".tsv" or ".txt" => RecordFileFormat.Csv,
            ".json" => RecordFileFormat.Json,
            ".ndjson" or ".jsonl" => RecordFileFormat.Ndjson,
            var other => throw new ArgumentException($"Cannot tell the format of '{path}' from its extension '{other}': give -Format Csv, Json or Ndjson."),
        };
    }

    public static RecordFileReader Open(string path, RecordFileFormat format, Encoding? encoding = null, char? delimiter = null) =>
        FormatOf(path, format) switch
        {
            RecordFileFormat.Csv => new CsvRecordFileReader(path, encoding, delimiter ?? (System.IO.Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',')),
            RecordFileFormat.Json => new JsonArrayRecordFileReader(path, encoding),
            _ => new NdjsonRecordFileReader(path, encoding),
        };

    /// <summary>The next record, or null at the end of the file.</summary>
    public abstract FileRecord? Read();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }
    }
}
