using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// What Send-DCData and Send-MonetateData share, whichever the vendor: piped records or files streamed from disk, fed
/// to the core's <see cref="UploadEngine"/>; a checkpoint to resume files (<see cref="UploadJob"/>); every record not
/// stored written as an error carrying the record and to -FailedRecordPath; progress; and, on Ctrl+C, where the upload
/// stands. The vendor cmdlet says how to reach its target and how to describe the result.
/// </summary>
public abstract class SendCmdlet : ServiceCmdlet
{
    protected const string InputObjectSet = "InputObject";
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";

    private readonly Dictionary<string, UploadTarget> _targets = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private readonly Stopwatch _progressClock = Stopwatch.StartNew();
    private FailedRecordWriter? _failedRecords;
    private FileProgress? _fileProgress;
    private long _recordsSeen;
    private (string Key, UploadTarget Target)? _lastTarget;

    // An int, not the core's enum: PowerShell loads this type before the module's initializer can find the core
    // (a field of a core value type would need it; see DependencyIsolation).
    private int _format = (int)RecordFileFormat.Auto;

    /// <summary>A record: an object whose properties are the fields, or a hashtable.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Files to stream (wildcards allowed): .csv, .json (one array), .ndjson / .jsonl.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    // Not bound from the pipeline by property name: the binder would then look up PSPath on every piped record, and
    // the first property lookup on a fresh PSObject is what makes Import-Csv | Send-DCData slow.
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The files' format when their extension does not say it.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public RecordFileFormat Format
    {
        get => (RecordFileFormat)_format;
        set => _format = (int)value;
    }

    /// <summary>The CSV field separator (default: comma; tab for .tsv).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public char? Delimiter { get; set; }

    /// <summary>The files' text encoding when they carry no byte-order mark (default UTF-8).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding? Encoding { get; set; }

    /// <summary>Where to keep the upload's progress, so that running the same command again resumes it.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public string? CheckpointPath { get; set; }

    /// <summary>Requests in flight at once (default: 4 for Opti-X, 1 for Monetate).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; }

    /// <summary>Bytes per request at most; a record larger than this is refused alone.</summary>
    [Parameter]
    [ValidateRange(UploadEngineOptions.MinRequestBytes, int.MaxValue)]
    public int MaxRequestSize { get; set; } = UploadEngineOptions.DefaultMaxRequestBytes;

    /// <summary>Also write every record that was not stored, with the reason, to this NDJSON file.</summary>
    [Parameter]
    public string? FailedRecordPath { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The key of the target the current pipeline object goes to (a connection id, a schema name).</summary>
    protected abstract string TargetKey { get; }

    /// <summary>What a checkpoint names as the target (resolving the session if it needs to).</summary>
    protected abstract string CheckpointTarget();

    /// <summary>
    /// Looks the target up, asks ShouldProcess and starts the engine with <paramref name="options"/> (ThrottleLimit,
    /// MaxRequestBytes, resume filled in). A <see cref="ServiceException"/> means the lookup failed.
    /// </summary>
    protected abstract UploadEngine Start(UploadEngineOptions options, Guid? batchId);

    /// <summary>The terminating error for a failed lookup (ConnectionNotFound, SchemaNotFound...).</summary>
    protected abstract ErrorRecord StartError(ServiceException exception);

    /// <summary>An error for a failed request, with the vendor's advice.</summary>
    protected abstract ErrorRecord ServiceError(ServiceException exception, object? target, string errorId);

    /// <summary>Verbose summary, warnings about what was left, and -PassThru's object.</summary>
    protected abstract object Describe(UploadEngine upload);

    /// <summary>The batch of an upload, for vendors with batches.</summary>
    protected virtual Guid? BatchIdOf(UploadEngine upload) => null;

    /// <summary>The progress bar's text.</summary>
    protected abstract string Activity(UploadEngine upload);

    protected override void BeginProcessing()
    {
        if (FailedRecordPath is not null)
        {
            _failedRecords = new FailedRecordWriter(GetUnresolvedProviderPathFromPSPath(FailedRecordPath));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != InputObjectSet)
        {
            foreach (var path in ParameterSetName == PathSet ? Path : LiteralPath)
            {
                _files.AddRange(RecordFiles.Resolve(this, path, literal: ParameterSetName == LiteralPathSet));
            }

            return;
        }

        if (InputObject?.BaseObject is FileInfo file)
        {
            // Get-ChildItem *.csv | Send-...: files, not records.
            _files.Add(file.FullName);
            return;
        }

        var target = TargetFor(null);
        _recordsSeen++;
        if (InputObject is null)
        {
            target.Upload?.NoteRejected();
            WriteError(ErrorRecords.Create("A null record cannot be sent.", "NullRecord", ErrorCategory.InvalidData, null));
            return;
        }

        IReadOnlyList<KeyValuePair<string, object?>> fields;
        bool fieldsAreWhole;
        try
        {
            fields = RecordConverter.ToFields(InputObject, out fieldsAreWhole);
        }
        catch (ArgumentException ex)
        {
            target.Upload?.NoteRejected();
            WriteRecordError(new ErrorRecord(ex, "InvalidRecord", ErrorCategory.InvalidData, InputObject), null);
            return;
        }

        // An Import-Csv object is all in its fields: the engine keeps none of it while its request is in flight (a
        // record handed back is made again from what was sent), so thousands of live objects cost the GC nothing.
        Add(target, fieldsAreWhole ? null : InputObject, InputObject, fields);
    }

    protected override void EndProcessing()
    {
        if (_files.Count > 0)
        {
            SendFiles();
        }

        foreach (var target in _targets.Values)
        {
            Finish(target);
        }

        if (_failedRecords is { Count: > 0 })
        {
            WriteWarning($"{_failedRecords.Count:N0} record(s) that were not stored are in '{FailedRecordPath}' with the reason.");
        }

        foreach (var target in _targets.Values)
        {
            if (target.StartFailure is { } failure)
            {
                ThrowTerminatingError(StartError(failure));
            }

            if (target.Upload?.FatalError is { } fatal)
            {
                ThrowTerminatingError(StartError(fatal));
            }
        }
    }

    protected override void ReleaseResources()
    {
        // Stopped (Ctrl+C, -ErrorAction Stop): nothing can be written to the pipeline any more, but -FailedRecordPath
        // still gets every record not known to be stored, and the host hears where the upload stands.
        foreach (var target in _targets.Values)
        {
            if (target.Upload is not { } upload || target.Finished)
            {
                continue;
            }

            foreach (var outcome in upload.Abandon(TimeSpan.FromSeconds(2)))
            {
                foreach (var record in outcome.HandedBack)
                {
                    FailedRecords.Write(_failedRecords, record.Reason == RefusalReason.Stopped ? "Stopped" : ErrorIdOf(record), record.Message, record.Source, null);
                }
            }

            target.Job?.Progress(upload, BatchIdOf(upload));
            if (CancellationToken.IsCancellationRequested)
            {
                WriteStoppedNotice(target, upload);
            }

            upload.Dispose();
        }

        _failedRecords?.Dispose();
        base.ReleaseResources();
    }

    private void WriteStoppedNotice(UploadTarget target, UploadEngine upload)
    {
        var batch = BatchIdOf(upload);
        var stored = $"{upload.Totals.RecordsSent:N0} record(s) were acknowledged";
        var where = batch is { } id
            ? $"Stopped: batch {id} stays open, so none of its records are visible yet; {stored}."
            : $"Stopped: {stored} and are stored.";
        var resume = target.Job?.Path is not null
            ? $" To resume, run the same command again: {MyInvocation.Line.Trim()}"
            : batch is { } open
                ? $" To finish the batch, send the records that were not stored into it with -BatchId {open}{(FailedRecordPath is null ? string.Empty : $" (they are in '{FailedRecordPath}')")}."
                : string.Empty;
        try
        {
            Host?.UI?.WriteWarningLine(where + resume);
        }
        catch (Exception ex) when (ex is PipelineStoppedException or InvalidOperationException or NotImplementedException)
        {
        }
    }

    private UploadTarget TargetFor(UploadJob? job)
    {
        if (_lastTarget is { } last && string.Equals(TargetKey, last.Key, StringComparison.Ordinal))
        {
            return last.Target;
        }

        var key = TargetKey;
        if (_targets.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var target = new UploadTarget { Job = job };
        var options = new UploadEngineOptions { MaxRequestBytes = MaxRequestSize };
        if (ThrottleLimit > 0)
        {
            options.ThrottleLimit = ThrottleLimit;
        }

        job?.Apply(options);
        try
        {
            target.Upload = Start(options, job?.BatchId);
        }
        catch (ServiceException ex)
        {
            // Every record is still handed back (and written to -FailedRecordPath); the error ends the command at the end.
            target.StartFailure = ex;
        }

        _targets[key] = target;
        _lastTarget = (key, target);
        return target;
    }

    private void SendFiles()
    {
        UploadJob job;
        try
        {
            job = UploadJob.Open(CheckpointPath is null ? null : GetUnresolvedProviderPathFromPSPath(CheckpointPath), CheckpointTarget(), _files);
        }
        catch (InvalidDataException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "CheckpointUnreadable", ErrorCategory.InvalidData, CheckpointPath));
            return;
        }
        catch (CheckpointMismatchException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "CheckpointMismatch", ErrorCategory.InvalidArgument, CheckpointPath));
            return;
        }

        var target = TargetFor(job);
        var skip = job.Skip;
        if (job.CompletedEarlier)
        {
            WriteVerbose("The checkpoint says the previous run completed this upload; nothing is sent.");
        }
        else if (skip > 0)
        {
            WriteVerbose($"Resuming from the checkpoint: skipping the {skip:N0} input record(s) already settled.");
        }

        // Only before anything was sent: a resumed upload, or one that piped records went to first, has an open batch
        // that only going on can finish.
        if (target.Upload is { } checking && !job.CompletedEarlier && skip == 0 && checking.Totals.Requests == 0 && _recordsSeen == 0)
        {
            CheckFields(checking.Adapter);
        }

        _fileProgress = new FileProgress(_files.Sum(f => new FileInfo(f).Length));
        long position = 0;
        foreach (var file in _files)
        {
            using var reader = RecordFiles.Open(this, file, Format, Encoding, Delimiter);
            if (reader is null)
            {
                target.Upload?.HoldCompletion($"'{file}' could not be opened");
                continue;
            }

            WriteVerbose($"Reading {file} as {RecordFileReader.FormatOf(file, Format)}.");
            while (reader.Read() is { } record)
            {
                _fileProgress.Current = reader.BytesRead;
                if (++position <= skip)
                {
                    continue;
                }

                _recordsSeen++;
                if (record.Error is not null)
                {
                    target.Upload?.NoteRejected();
                    WriteRecordError(ErrorRecords.Create($"{record}: {record.Error}", "InvalidRecord", ErrorCategory.InvalidData, RecordFiles.ToPSObject(record)), record.Fields);
                    if (record.Number == 0 || record.Error.Contains("stopped"))
                    {
                        target.Upload?.HoldCompletion($"'{file}' could not be read to its end");
                    }

                    continue;
                }

                Add(target, record, record, record.Fields!);
                if (target.Upload is { } upload)
                {
                    job.Progress(upload, BatchIdOf(upload));
                }
            }

            RecordFiles.WarnIfUndecodable(this, reader, file, Encoding);
            _fileProgress.Done += reader.Length;
            _fileProgress.Current = 0;
        }
    }

    /// <param name="kept">What the engine keeps to hand back: the input, or null when its fields are all of it.</param>
    /// <param name="source">The input, for a record refused at once.</param>
    /// <summary>
    /// Before anything is sent: a file none of whose first records can be sent for a missing field (a CSV without the
    /// key column) is one terminating error naming it and the fields found, not an error for every record.
    /// </summary>
    private void CheckFields(IUploadAdapter adapter)
    {
        foreach (var file in _files)
        {
            // One that cannot be opened is said when the file is sent.
            using var reader = RecordFiles.TryOpen(file, Format, Encoding, Delimiter, out _);
            if (reader is null)
            {
                continue;
            }

            var format = RecordFileReader.FormatOf(file, Format);
            var first = new List<FileRecord>();
            while (first.Count < FileFieldCheck.RecordsToRead(format) && reader.Read() is { } record)
            {
                first.Add(record);
            }

            if (FileFieldCheck.Problem(adapter, file, format, first) is { } problem)
            {
                var error = new ErrorRecord(new InvalidDataException(problem), "MissingPrimaryKeyColumn", ErrorCategory.InvalidData, file)
                {
                    ErrorDetails = new ErrorDetails(problem) { RecommendedAction = "Add the field to the file (or rename the column that holds it); nothing was sent." },
                };
                ThrowTerminatingError(error);
            }
        }
    }

    private void Add(UploadTarget target, object? kept, object source, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        if (target.Upload is not { } upload)
        {
            WriteRecordError(WithTarget(StartError(target.StartFailure!), Target(source)), fields);
            return;
        }

        if (Await(upload.AddAsync(kept, fields)) is { } refused)
        {
            var where = source is FileRecord file ? file.ToString() : $"Record {_recordsSeen}";
            WriteRecordError(ErrorFor(refused.WithSource(source), where), fields);
        }

        Report(upload, final: false);
    }

    private void Finish(UploadTarget target)
    {
        if (target.Upload is not { } upload)
        {
            return;
        }

        Await(upload.CompleteAsync());
        Report(upload, final: true);
        target.Finished = true;
        if (target.Job?.Finish(upload, BatchIdOf(upload)) == true)
        {
            WriteVerbose($"The upload is complete; the checkpoint '{target.Job.Path}' was deleted.");
        }

        WriteProgress(new ProgressRecord(ProgressId(upload), Activity(upload), "Done") { RecordType = ProgressRecordType.Completed });
        var summary = Describe(upload);
        if (PassThru && upload.FatalError is null)
        {
            WriteObject(summary);
        }

        upload.Dispose();
    }

    private void Report(UploadEngine upload, bool final)
    {
        if (!final && !upload.HasFinished && _progressClock.ElapsedMilliseconds < 500)
        {
            return;
        }

        foreach (var outcome in upload.TakeFinished())
        {
            if (outcome.Succeeded)
            {
                WriteVerbose($"Request {outcome.Sequence}: {outcome.Acknowledged + outcome.AlreadyStored} records {(outcome.AlreadyStored > 0 ? "already stored by the previous run" : "acknowledged")}{(outcome.BatchCompleted ? "; batch completed" : string.Empty)}.");
                continue;
            }

            WriteWarning($"Request {outcome.Sequence}: {outcome.Acknowledged:N0} of its {outcome.RecordCount:N0} records acknowledged in {outcome.Requests} request(s); {outcome.HandedBack.Count:N0} written as errors. {outcome.Error?.Message ?? outcome.HandedBack[0].Message}");
            foreach (var record in outcome.HandedBack)
            {
                WriteRecordError(ErrorFor(record, null), null);
            }
        }

        if (final || _progressClock.ElapsedMilliseconds >= 500)
        {
            _progressClock.Restart();
            WriteProgress(ProgressFor(upload));
        }
    }

    /// <summary>The error for a record handed back: its id from the reason, the record as target, to mend and re-pipe.</summary>
    private ErrorRecord ErrorFor(HandedBackRecord record, string? where)
    {
        var target = Target(record.Source);
        var message = where is null ? record.Message : $"{where} was not sent: {record.Message}";
        if (record.Error is ServiceException service && !record.IsRefusal)
        {
            var error = ServiceError(service, target, ErrorIdOf(record));
            error.ErrorDetails = new ErrorDetails(record.Message) { RecommendedAction = error.ErrorDetails?.RecommendedAction };
            return error;
        }

        return ErrorRecords.Create(message, ErrorIdOf(record), CategoryOf(record.Reason), target, AdviceFor(record.Reason));
    }

    private static string ErrorIdOf(HandedBackRecord record) => record.Reason switch
    {
        RefusalReason.MissingPrimaryKey => "MissingPrimaryKey",
        RefusalReason.InvalidPrimaryKey => "InvalidPrimaryKey",
        RefusalReason.InvalidRecord => "InvalidRecord",
        RefusalReason.DoesNotFitSchema => "RecordDoesNotFitSchema",
        RefusalReason.TooLarge => "RecordTooLarge",
        RefusalReason.RefusedByService => "RecordRefused",
        RefusalReason.RecordNotFound => "RecordNotFound",
        RefusalReason.ServiceUnreachable => "ServiceUnreachable",
        RefusalReason.Stopped => "Stopped",
        RefusalReason.BatchAlreadyCompleted => "BatchAlreadyCompleted",
        _ => "UploadFailed",
    };

    private static ErrorCategory CategoryOf(RefusalReason reason) => reason switch
    {
        RefusalReason.TooLarge => ErrorCategory.LimitsExceeded,
        RefusalReason.RecordNotFound => ErrorCategory.ObjectNotFound,
        RefusalReason.ServiceUnreachable => ErrorCategory.ConnectionError,
        RefusalReason.Stopped => ErrorCategory.OperationStopped,
        RefusalReason.BatchAlreadyCompleted => ErrorCategory.InvalidOperation,
        RefusalReason.RequestFailed or RefusalReason.NotSent or RefusalReason.NotAcknowledged => ErrorCategory.WriteError,
        _ => ErrorCategory.InvalidData,
    };

    private static string? AdviceFor(RefusalReason reason) => reason switch
    {
        RefusalReason.MissingPrimaryKey or RefusalReason.InvalidPrimaryKey => "Every record needs the primary-key field with a value.",
        RefusalReason.DoesNotFitSchema or RefusalReason.RefusedByService or RefusalReason.InvalidRecord => "Mend the record and send it again.",
        RefusalReason.TooLarge => "Make the record smaller, or raise -MaxRequestSize if the service accepts larger requests.",
        RefusalReason.ServiceUnreachable => "Check the network and the base URI, then send the records again (from -FailedRecordPath).",
        RefusalReason.BatchAlreadyCompleted => "Send the records without -BatchId: a new batch takes them.",
        _ => "Send the record again.",
    };

    /// <summary>What an error carries, to be mended and piped again: the piped object, or a file record's fields as an object.</summary>
    private static object? Target(object? source) => source switch
    {
        FileRecord record => RecordFiles.ToPSObject(record),
        RestoredRecord restored => RecordFiles.ToPSObject(restored.Fields),
        _ => source,
    };

    private static ErrorRecord WithTarget(ErrorRecord error, object? target) =>
        new(error.Exception, error.FullyQualifiedErrorId, error.CategoryInfo.Category, target) { ErrorDetails = error.ErrorDetails };

    /// <summary>Writes a record that was not stored as an error and to -FailedRecordPath (first: -ErrorAction Stop ends the command).</summary>
    private void WriteRecordError(ErrorRecord error, IReadOnlyList<KeyValuePair<string, object?>>? fields)
    {
        FailedRecords.Write(_failedRecords, error, error.TargetObject, fields);
        WriteError(error);
    }

    private ProgressRecord ProgressFor(UploadEngine upload)
    {
        var totals = upload.Totals;
        var figures = new UploadProgress
        {
            RecordsRead = _recordsSeen,
            RecordsSent = totals.RecordsSent,
            RecordsRefused = totals.RecordsRejected,
            RecordsFailed = totals.RecordsFailed,
            Requests = totals.Requests,
            Elapsed = upload.Elapsed,
            BytesDone = _fileProgress is { } files ? files.Done + files.Current : 0,
            BytesTotal = _fileProgress?.Total ?? 0,
        };
        var activity = Activity(upload);
        return new ProgressRecord(ProgressId(upload), activity, UploadProgressLine.Status(figures, activity))
        {
            CurrentOperation = UploadProgressLine.Detail(figures),
            PercentComplete = UploadProgressLine.PercentComplete(figures) ?? -1,
            SecondsRemaining = UploadProgressLine.SecondsRemaining(figures) ?? -1,
        };
    }

    private int ProgressId(UploadEngine upload) => 1 + Math.Abs(StringComparer.Ordinal.GetHashCode(upload.Adapter.Route) % 1000);

    private sealed class UploadTarget
    {
        public UploadEngine? Upload { get; set; }

        public UploadJob? Job { get; set; }

        public ServiceException? StartFailure { get; set; }

        public bool Finished { get; set; }
    }

    private sealed class FileProgress
    {
        public FileProgress(long total) => Total = total;

        public long Total { get; }

        public long Done { get; set; }

        public long Current { get; set; }
    }
}
