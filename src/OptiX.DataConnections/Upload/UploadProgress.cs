namespace OptiX.DataConnections.Upload;

/// <summary>How far an upload has come, as its progress line shows it.</summary>
public sealed class UploadProgress
{
    public long RecordsRead { get; set; }

    public long RecordsSent { get; set; }

    public long RecordsRefused { get; set; }

    public long RecordsFailed { get; set; }

    public int Requests { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Bytes of the input files read so far; with <see cref="BytesTotal"/> 0 (piped records) nothing is known.</summary>
    public long BytesDone { get; set; }

    public long BytesTotal { get; set; }
}
