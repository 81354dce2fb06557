namespace OptiX.DataConnections.Upload;

/// <summary>
/// A resumable upload of files: reads the checkpoint, checks that it was made for the same files and target, tells how
/// many input records to skip and which batch to continue, saves the checkpoint as requests are acknowledged, and
/// deletes it when the upload is complete. Without a checkpoint path it only counts.
/// </summary>
public sealed class UploadJob
{
    private readonly string? _path;
    private readonly UploadCheckpoint? _checkpoint;

    private UploadJob(string? path, UploadCheckpoint? checkpoint, bool resuming)
    {
        _path = path;
        _checkpoint = checkpoint;
        Resuming = resuming;
        CompletedEarlier = resuming && checkpoint!.Completed;
    }

    /// <summary>True when an earlier run's checkpoint was found: its batch is continued.</summary>
    public bool Resuming { get; }

    /// <summary>Input records the earlier run settled; skip these.</summary>
    public long Skip => Resuming ? _checkpoint!.AcknowledgedRecords : 0;

    /// <summary>The earlier run's batch, to continue; null for a new upload.</summary>
    public Guid? BatchId => Resuming ? _checkpoint!.BatchId : null;

    /// <summary>True when the earlier run completed the upload but stopped before deleting its checkpoint.</summary>
    public bool CompletedEarlier { get; }

    /// <summary>Where the checkpoint is kept; null when there is none.</summary>
    public string? Path => _path;

    /// <summary>
    /// Opens the job for <paramref name="files"/> going to <paramref name="target"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint cannot be read.</exception>
    /// <exception cref="CheckpointMismatchException">The checkpoint was made for other files or another target.</exception>
    public static UploadJob Open(string? checkpointPath, string target, IReadOnlyList<string> files)
    {
        if (checkpointPath is null)
        {
            return new UploadJob(null, null, false);
        }

        var existing = UploadCheckpoint.Load(checkpointPath);
        if (existing?.Mismatch(target, files) is { } mismatch)
        {
            throw new CheckpointMismatchException($"The checkpoint '{checkpointPath}' does not match this upload: {mismatch}. Resume with the same files and target, or delete the checkpoint to start over.", checkpointPath);
        }

        return existing is null
            ? new UploadJob(checkpointPath, UploadCheckpoint.For(target, null, files), false)
            : new UploadJob(checkpointPath, existing, true);
    }

    /// <summary>Engine options for this job: the records to skip and whether a batch is resumed.</summary>
    public void Apply(UploadEngineOptions options)
    {
        options.InputOffset = Skip;
        options.ResumingBatch = Resuming;
        options.CompletedEarlier = CompletedEarlier;
    }

    /// <summary>
    /// Saves the checkpoint when the engine's acknowledged input moved on (or the upload became complete: a run killed
    /// before deleting the checkpoint then leaves one that says so).
    /// </summary>
    public void Progress(UploadEngine upload, Guid? batchId)
    {
        var complete = IsComplete(upload);
        if (_checkpoint is null || upload.DryRun || (_checkpoint.AcknowledgedRecords == upload.AcknowledgedInput && _checkpoint.Completed == complete))
        {
            return;
        }

        _checkpoint.BatchId = batchId;
        _checkpoint.AcknowledgedRecords = upload.AcknowledgedInput;
        _checkpoint.Completed = complete;
        _checkpoint.Save(_path!);
    }

    /// <summary>
    /// After the engine completed: deletes the checkpoint when the upload is complete (the batch completed, by this run
    /// or the previous one; for a vendor without batches, every record settled), else saves where it stands.
    /// Returns true when the checkpoint was deleted.
    /// </summary>
    public bool Finish(UploadEngine upload, Guid? batchId)
    {
        if (_checkpoint is null || upload.DryRun)
        {
            return false;
        }

        // Saved first, marked complete: a run killed before the delete leaves a checkpoint that says so.
        Progress(upload, batchId);
        if (!IsComplete(upload))
        {
            return false;
        }

        File.Delete(_path!);
        return true;
    }

    private bool IsComplete(UploadEngine upload) =>
        CompletedEarlier || (upload.Completed && (upload.Adapter.HasBatches
            ? upload.Totals.BatchCompleted
            : upload.Totals.RecordsFailed == 0 && upload.HoldReason is null));
}

/// <summary>A checkpoint that belongs to another upload (other files, another target).</summary>
public sealed class CheckpointMismatchException : InvalidOperationException
{
    public CheckpointMismatchException(string message, string path)
        : base(message) => Path = path;

    public string Path { get; }
}
