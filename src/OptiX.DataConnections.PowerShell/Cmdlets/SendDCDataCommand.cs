using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Uploads piped records, or CSV / JSON / NDJSON files streamed from disk, to a Data Connection as one batch:
/// requests of at most 5000 records, none of them visible to queries until the last one completes the batch.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "DCData", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(UploadSummary))]
public sealed class SendDCDataCommand : DCCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly Dictionary<Guid, UploadSession> _uploads = [];
    private readonly List<string> _files = [];
    private readonly Stopwatch _progressClock = Stopwatch.StartNew();
    private long _recordsSeen;
    private FileProgress? _fileProgress;
    private FailedRecordWriter? _failedRecords;
    private string? _checkpointFile;

    // An int, not the core's enum: PowerShell loads this type before the module's initializer can find the core
    // (a field of a core value type would need it; see DependencyIsolation).
    private int _format = (int)RecordFileFormat.Auto;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

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

    /// <summary>Seconds until the records expire; omit for never.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? TtlSeconds { get; set; }

    [Parameter]
    [ValidateRange(1, UploadOptions.MaxBatchSize)]
    public int BatchSize { get; set; } = UploadOptions.MaxBatchSize;

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Add to this open batch (one an earlier run left open) instead of starting a new one.</summary>
    [Parameter]
    public Guid? BatchId { get; set; }

    /// <summary>Also write every record that was not stored, with the reason, to this NDJSON file.</summary>
    [Parameter]
    public string? FailedRecordPath { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            SendPipelineRecord();
            return;
        }

        foreach (var path in ParameterSetName == PathSet ? Path : LiteralPath)
        {
            _files.AddRange(RecordFiles.Resolve(this, path, literal: ParameterSetName == LiteralPathSet));
        }
    }

    protected override void BeginProcessing()
    {
        _checkpointFile = CheckpointPath is null ? null : GetUnresolvedProviderPathFromPSPath(CheckpointPath);
        if (FailedRecordPath is not null)
        {
            _failedRecords = new FailedRecordWriter(GetUnresolvedProviderPathFromPSPath(FailedRecordPath));
        }
    }

    protected override void EndProcessing()
    {
        SendFiles();

        foreach (var upload in _uploads.Values)
        {
            Finish(upload);
        }

        if (_failedRecords is { Count: > 0 })
        {
            WriteWarning($"{_failedRecords.Count:N0} record(s) that were not stored are in '{FailedRecordPath}' with the reason.");
        }

    }

    protected override void ReleaseResources()
    {
        _failedRecords?.Dispose();
        base.ReleaseResources();
    }

    /// <summary>Writes a record that was not stored as an error (the record as target, to re-pipe) and to -FailedRecordPath.</summary>
    private void WriteRecordError(ErrorRecord error, object source, IReadOnlyList<KeyValuePair<string, object?>>? fields)
    {
        FailedRecords.Write(_failedRecords, error, source, fields);
        WriteError(error);
    }

    private void SendPipelineRecord()
    {
        if (InputObject is null)
        {
            UploadFor(ConnectionId, BatchId, 0).NoteRejected();
            WriteError(ErrorRecords.Create("A null record cannot be sent.", "NullRecord", ErrorCategory.InvalidData, null));
            return;
        }

        if (InputObject.BaseObject is FileInfo file)
        {
            // Get-ChildItem *.csv | Send-DCData: files, not records.
            _files.Add(file.FullName);
            return;
        }

        var upload = UploadFor(ConnectionId, BatchId, 0);
        _recordsSeen++;
        IReadOnlyList<KeyValuePair<string, object?>> fields;
        try
        {
            fields = RecordConverter.ToFields(InputObject);
        }
        catch (ArgumentException ex)
        {
            upload.NoteRejected();
            WriteRecordError(new ErrorRecord(ex, "InvalidRecord", ErrorCategory.InvalidData, InputObject), InputObject, null);
            return;
        }

        Add(upload, InputObject, fields);
    }

    private void SendFiles()
    {
        if (_files.Count == 0)
        {
            return;
        }

        var checkpoint = _checkpointFile is null ? null : LoadCheckpoint(_checkpointFile);
        var upload = UploadFor(ConnectionId, checkpoint?.BatchId ?? BatchId, checkpoint?.AcknowledgedRecords ?? 0);
        var skip = upload.AcknowledgedInput;
        if (skip > 0)
        {
            WriteVerbose($"Resuming batch {upload.BatchId} from the checkpoint: skipping the {skip:N0} input record(s) already settled.");
        }

        checkpoint ??= _checkpointFile is null ? null : UploadCheckpoint.For(ConnectionId, upload.BatchId, _files);
        _fileProgress = new FileProgress(_files.Sum(f => new FileInfo(f).Length));
        long position = 0;
        foreach (var file in _files)
        {
            using var reader = RecordFiles.Open(this, file, Format, Encoding, Delimiter);
            if (reader is null)
            {
                upload.HoldCompletion($"'{file}' could not be opened");
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
                    upload.NoteRejected();
                    WriteRecordError(ErrorRecords.Create($"{record}: {record.Error}", "InvalidRecord", ErrorCategory.InvalidData, record), record, null);
                    if (record.Number == 0 || record.Error.Contains("stopped"))
                    {
                        upload.HoldCompletion($"'{file}' could not be read to its end");
                    }

                    continue;
                }

                Add(upload, record, record.Fields!);
                if (checkpoint is not null)
                {
                    SaveCheckpoint(checkpoint, upload);
                }
            }

            RecordFiles.WarnIfUndecodable(this, reader, file, Encoding);

            _fileProgress.Done += reader.Length;
            _fileProgress.Current = 0;
        }

        Await(upload.CompleteAsync());
        Report(upload, final: true);
        SaveCheckpoint(checkpoint, upload);
        if (checkpoint is not null && upload.Summary.BatchCompleted)
        {
            File.Delete(_checkpointFile!);
        }
    }

    private void Add(UploadSession upload, object source, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        string? problem;
        try
        {
            problem = Await(upload.AddAsync(source, fields));
        }
        catch (ServiceException ex)
        {
            Await(upload.CompleteAsync());
            Report(upload, final: true);
            ThrowTerminatingError(ErrorRecords.FromService(ex, upload.Connection.ConnectionId));
            return;
        }

        if (problem is not null)
        {
            var errorId = problem.Contains("no primary key field") ? "MissingPrimaryKey" : "InvalidPrimaryKey";
            var error = ErrorRecords.Create(
                $"{(source is FileRecord file ? file.ToString() : $"Record {_recordsSeen}")} was not sent: {problem}",
                errorId,
                ErrorCategory.InvalidData,
                source is FileRecord bad ? RecordFiles.ToPSObject(bad) : source,
                $"Every record needs the field '{upload.Connection.PrimaryKey}' with a value.");
            WriteRecordError(error, source, fields);
        }

        Report(upload, final: false);
    }

    private void Finish(UploadSession upload)
    {
        var summary = Await(upload.CompleteAsync());
        Report(upload, final: true);
        WriteProgress(new ProgressRecord(ProgressId(upload), Activity(upload), "Done") { RecordType = ProgressRecordType.Completed });
        Describe(summary, upload);
        if (upload.FatalError is { } fatal)
        {
            ThrowTerminatingError(ErrorRecords.FromService(fatal, upload.Connection.ConnectionId));
        }

        if (PassThru)
        {
            WriteObject(summary);
        }
    }

    private UploadSession UploadFor(Guid connectionId, Guid? batchId, long inputOffset)
    {
        if (_uploads.TryGetValue(connectionId, out var existing))
        {
            return existing;
        }

        var session = ResolveSession();
        Models.Connection connection;
        try
        {
            connection = Await(session.GetConnectionAsync(connectionId, CancellationToken));
        }
        catch (ServiceException ex)
        {
            ThrowTerminatingError(ErrorRecords.ForConnection(ex, connectionId));
            throw;
        }

        var send = ShouldProcess($"Data Connection '{connection.Name}' ({connection.ConnectionId})", "Send records");
        var options = new UploadOptions
        {
            BatchSize = BatchSize,
            TtlSeconds = TtlSeconds,
            ThrottleLimit = ThrottleLimit,
            BatchId = batchId,
            InputOffset = inputOffset,
            DryRun = !send,
        };
        var upload = new UploadSession(send ? session.Client : null, connection, options, CancellationToken);
        WriteVerbose($"Uploading to '{connection.Name}' ({connection.ConnectionId}) as batch {upload.BatchId}, {BatchSize} records a request, {ThrottleLimit} in flight; each upload replaces the whole stored record for its key.");
        _uploads[connectionId] = upload;
        return upload;
    }

    private UploadCheckpoint? LoadCheckpoint(string path)
    {
        UploadCheckpoint? checkpoint;
        try
        {
            checkpoint = UploadCheckpoint.Load(path);
        }
        catch (InvalidDataException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "CheckpointUnreadable", ErrorCategory.InvalidData, path));
            return null;
        }

        if (checkpoint?.Mismatch(ConnectionId, _files) is { } mismatch)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                $"The checkpoint '{path}' does not match this upload: {mismatch}. Resume with the same files and connection, or delete the checkpoint to start over.",
                "CheckpointMismatch",
                ErrorCategory.InvalidArgument,
                path));
        }

        return checkpoint;
    }

    private void SaveCheckpoint(UploadCheckpoint? checkpoint, UploadSession upload)
    {
        if (checkpoint is null || upload.Summary.WhatIf || checkpoint.AcknowledgedRecords == upload.AcknowledgedInput)
        {
            return;
        }

        checkpoint.BatchId = upload.BatchId;
        checkpoint.AcknowledgedRecords = upload.AcknowledgedInput;
        checkpoint.Save(_checkpointFile!);
    }

    private void Report(UploadSession upload, bool final)
    {
        if (!final && !upload.HasFinished && _progressClock.ElapsedMilliseconds < 500)
        {
            return;
        }

        foreach (var result in upload.TakeFinished())
        {
            if (result.Succeeded)
            {
                WriteVerbose($"Request {result.Sequence}: {result.Records.Count} records acknowledged{(result.CompletesBatch ? "; batch completed" : string.Empty)}.");
                continue;
            }

            var error = result.Error!;
            WriteWarning($"Request {result.Sequence} failed for good after {result.Attempts} attempt(s); its {result.Records.Count} records are written as errors. {error.Message}");
            foreach (var record in result.Records)
            {
                WriteRecordError(ErrorRecords.FromService(error, record is FileRecord file ? RecordFiles.ToPSObject(file) : record, "UploadFailed"), record, null);
            }
        }

        if (final || _progressClock.ElapsedMilliseconds >= 500)
        {
            _progressClock.Restart();
            WriteProgress(ProgressFor(upload));
        }
    }

    private ProgressRecord ProgressFor(UploadSession upload)
    {
        var summary = upload.Summary;
        var seconds = Math.Max(0.001, upload.Elapsed.TotalSeconds);
        var status = $"{_recordsSeen:N0} records read, {summary.RecordsSent:N0} acknowledged in {summary.Requests} request(s), {summary.RecordsSent / seconds:N0} records/s";
        var progress = new ProgressRecord(ProgressId(upload), Activity(upload), status);
        if (_fileProgress is { Total: > 0 } files)
        {
            var done = files.Done + files.Current;
            progress.PercentComplete = (int)Math.Min(100, done * 100 / files.Total);
            progress.StatusDescription += $", {done / 1048576.0:N1} of {files.Total / 1048576.0:N1} MiB";
            var rate = done / seconds;
            if (rate > 0)
            {
                progress.SecondsRemaining = (int)Math.Max(0, (files.Total - done) / rate);
            }
        }

        return progress;
    }

    private void Describe(UploadSummary summary, UploadSession upload)
    {
        if (summary.WhatIf)
        {
            WriteVerbose($"What if: {summary.RecordsSent:N0} records would be sent in {summary.Requests} request(s); {summary.RecordsRejected:N0} refused.");
            return;
        }

        WriteVerbose($"{summary.RecordsSent:N0} records sent in {summary.Requests} request(s) in {summary.Elapsed.TotalSeconds:0.0} s ({summary.RecordsPerSecond:N0} records/s); {summary.RecordsRejected:N0} refused, {summary.RecordsFailed:N0} failed.");
        if (summary.Requests > 0 && !summary.BatchCompleted)
        {
            var why = upload.HoldReason ?? $"{summary.RecordsFailed:N0} record(s) failed";
            var resume = CheckpointPath is not null
                ? "Run the same command again to resume from the checkpoint."
                : $"Re-send the failed records into the same batch to complete it: $failed | Send-DCData -ConnectionId {upload.Connection.ConnectionId} -BatchId {summary.BatchId}";
            WriteWarning($"Batch {summary.BatchId} was left open, so none of its records are visible yet: {why}. {resume}");
        }
    }

    private static int ProgressId(UploadSession upload) => 1 + Math.Abs(upload.Connection.ConnectionId.GetHashCode() % 1000);

    private static string Activity(UploadSession upload) => $"Sending to Data Connection '{upload.Connection.Name}'";

    private sealed class FileProgress
    {
        public FileProgress(long total) => Total = total;

        public long Total { get; }

        public long Done { get; set; }

        public long Current { get; set; }
    }
}
