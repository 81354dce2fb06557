using Newtonsoft.Json;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// Where an upload of files stands, saved after each acknowledged request so that the same command can resume the
/// same open batch after a crash or Ctrl+C. It names the inputs (path, size, time written) and the target (an Opti-X
/// connection id, or a Monetate retailer and schema), so a checkpoint for other input is refused rather than skipping
/// the wrong records. It holds no credentials. See <see cref="UploadJob"/>.
/// </summary>
public sealed class UploadCheckpoint
{
    [JsonProperty("version")]
    public int Version { get; set; } = 2;

    /// <summary>What the records go to: a connection id (Opti-X), or <c>monetate:retailer/schema</c>.</summary>
    [JsonProperty("target")]
    public string? Target { get; set; }

    /// <summary>Version 1 named only an Opti-X connection.</summary>
    [JsonProperty("connection_id", NullValueHandling = NullValueHandling.Ignore)]
    public Guid? ConnectionId { get; set; }

    /// <summary>The batch the records go to (vendors with batches).</summary>
    [JsonProperty("batch_id", NullValueHandling = NullValueHandling.Ignore)]
    public Guid? BatchId { get; set; }

    /// <summary>True once the upload was completed: a run killed before deleting the checkpoint left it.</summary>
    [JsonProperty("completed")]
    public bool Completed { get; set; }

    [JsonProperty("inputs")]
    public List<CheckpointInput> Inputs { get; set; } = [];

    /// <summary>Input records settled from the start of the input: the resumed run skips these.</summary>
    [JsonProperty("acknowledged_records")]
    public long AcknowledgedRecords { get; set; }

    [JsonProperty("updated_at")]
    public DateTimeOffset UpdatedAt { get; set; }

    public static UploadCheckpoint For(string target, Guid? batchId, IEnumerable<string> paths) => new()
    {
        Target = target,
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
            var checkpoint = JsonConvert.DeserializeObject<UploadCheckpoint>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"The checkpoint '{path}' is empty.");
            checkpoint.Target ??= checkpoint.ConnectionId?.ToString("D");
            return checkpoint;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The checkpoint '{path}' is not readable: {ex.Message} Delete it to start the upload over.", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidDataException($"The checkpoint '{path}' is not readable: {ex.Message}", ex);
        }
    }

    /// <summary>Why this checkpoint does not belong to the given upload, or null when it does.</summary>
    public string? Mismatch(string target, IReadOnlyList<string> paths)
    {
        if (!string.Equals(target, Target, StringComparison.Ordinal))
        {
            return $"it was made for {Target}, not {target}";
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
