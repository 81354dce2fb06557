using Newtonsoft.Json;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// Where an upload of files stands, saved after each acknowledged request so that the same command can resume the
/// same open batch after a crash or Ctrl+C. It names the inputs (path, size, time written) and the connection, so a
/// checkpoint for other input is refused rather than skipping the wrong records. It holds no credentials.
/// </summary>
public sealed class UploadCheckpoint
{
    [JsonProperty("version")]
    public int Version { get; set; } = 1;

    [JsonProperty("connection_id")]
    public Guid ConnectionId { get; set; }

    [JsonProperty("batch_id")]
    public Guid BatchId { get; set; }

    [JsonProperty("inputs")]
    public List<CheckpointInput> Inputs { get; set; } = [];

    /// <summary>Input records settled from the start of the input: the resumed run skips these.</summary>
    [JsonProperty("acknowledged_records")]
    public long AcknowledgedRecords { get; set; }

    [JsonProperty("updated_at")]
    public DateTimeOffset UpdatedAt { get; set; }

    public static UploadCheckpoint For(Guid connectionId, Guid batchId, IEnumerable<string> paths) => new()
    {
        ConnectionId = connectionId,
        BatchId = batchId,
        Inputs = paths.Select(CheckpointInput.Of).ToList(),
    };

    public static UploadCheckpoint? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonConvert.DeserializeObject<UploadCheckpoint>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"The checkpoint '{path}' is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The checkpoint '{path}' is not readable: {ex.Message} Delete it to start the upload over.", ex);
        }
    }

    /// <summary>Why this checkpoint does not belong to the given upload, or null when it does.</summary>
    public string? Mismatch(Guid connectionId, IReadOnlyList<string> paths)
    {
        if (connectionId != ConnectionId)
        {
            return $"it belongs to Data Connection {ConnectionId}, not {connectionId}";
        }

        var current = paths.Select(CheckpointInput.Of).ToList();
        if (current.Count != Inputs.Count)
        {
            return $"it was made for {Inputs.Count} file(s), not {current.Count}";
        }

        for (var i = 0; i < current.Count; i++)
        {
            if (!current[i].Equals(Inputs[i]))
            {
                return $"file {i + 1} differs: it was {Inputs[i]}, now it is {current[i]}";
            }
        }

        return null;
    }

    /// <summary>Writes the checkpoint atomically: a crash leaves the old one or the new one, never half of one.</summary>
    public void Save(string path)
    {
        UpdatedAt = DateTimeOffset.UtcNow;
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonConvert.SerializeObject(this, Formatting.Indented));
        if (File.Exists(path))
        {
            File.Replace(temporary, path, null);
        }
        else
        {
            File.Move(temporary, path);
        }
    }
}

/// <summary>One input file as a checkpoint knows it.</summary>
public sealed class CheckpointInput : IEquatable<CheckpointInput>
{
    [JsonProperty("path")]
    public string Path { get; set; } = string.Empty;

    [JsonProperty("length")]
    public long Length { get; set; }

    [JsonProperty("last_write_utc")]
    public DateTime LastWriteUtc { get; set; }

    public static CheckpointInput Of(string path)
    {
        var file = new FileInfo(path);
        return new CheckpointInput { Path = file.FullName, Length = file.Length, LastWriteUtc = file.LastWriteTimeUtc };
    }

    public bool Equals(CheckpointInput? other) =>
        other is not null && string.Equals(Path, other.Path, StringComparison.Ordinal) && Length == other.Length && LastWriteUtc == other.LastWriteUtc;

    public override bool Equals(object? obj) => Equals(obj as CheckpointInput);

    public override int GetHashCode() => Path.GetHashCode() ^ Length.GetHashCode();

    public override string ToString() => $"'{Path}' ({Length} bytes, written {LastWriteUtc:u})";
}
