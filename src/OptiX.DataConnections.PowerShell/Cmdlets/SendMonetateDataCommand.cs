using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Posts piped records, or CSV / JSON / NDJSON files streamed from disk, as rows of a Monetate dataset schema: each
/// record is converted to the schema's types first, and one that does not fit is an error that carries the record.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "MonetateData", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(MonetateUploadSummary))]
public sealed class SendMonetateDataCommand : MonetateCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly List<string> _files = [];
    private readonly Stopwatch _progressClock = Stopwatch.StartNew();
    private MonetateUpload? _upload;
    private FailedRecordWriter? _failedRecords;
    private long _recordsSeen;

    // An int, not the core's enum: a field of a core value type would make PowerShell load the core before the
    // module's initializer can (see DependencyIsolation).
    private int _format = (int)RecordFileFormat.Auto;

    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(MonetateSchemaCompleter))]
    public string Schema { get; set; } = string.Empty;

    /// <summary>A record: an object whose properties are the fields, or a hashtable.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Files to stream (wildcards allowed): .csv, .json (one array), .ndjson / .jsonl.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

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

    /// <summary>Rows per request (default 1000).</summary>
    [Parameter]
    [ValidateRange(1, MonetateUpload.MaxBatchSize)]
    public int BatchSize { get; set; } = MonetateUpload.DefaultBatchSize;

    /// <summary>Leave out fields the schema does not have (they are named once with -Verbose) instead of refusing the record.</summary>
    [Parameter]
    public SwitchParameter IgnoreUnknownField { get; set; }

    /// <summary>Also write every record that was not stored, with the reason, to this NDJSON file.</summary>
    [Parameter]
    public string? FailedRecordPath { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

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
            _files.Add(file.FullName);
            return;
        }

        var upload = Upload();
        _recordsSeen++;
        if (InputObject is null)
        {
            upload.NoteRejected();
            WriteError(ErrorRecords.Create("A null record cannot be sent.", "NullRecord", ErrorCategory.InvalidData, null));
            return;
        }

        IReadOnlyList<KeyValuePair<string, object?>> fields;
        try
        {
            fields = RecordConverter.ToFields(InputObject);
        }
        catch (ArgumentException ex)
        {
            upload.NoteRejected();
            WriteRecordError(new ErrorRecord(ex, "InvalidRecord", ErrorCategory.InvalidData, InputObject), null);
            return;
        }

        Add(upload, InputObject, fields);
    }

    protected override void EndProcessing()
    {
        if (_files.Count > 0)
        {
            SendFiles(Upload());
        }

        Finish();
    }

    private void Finish()
    {
        if (_upload is null)
        {
            return;
        }

        var summary = Await(_upload.CompleteAsync());
        Report(final: true);
        WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        if (_upload.Converter.IgnoredFields.Count > 0)
        {
            WriteVerbose($"Left out field(s) not in schema '{Schema}': {string.Join(", ", _upload.Converter.IgnoredFields)}.");
        }

        WriteVerbose(summary.WhatIf
            ? $"What if: {summary.RowsSent:N0} rows would be sent in {summary.Requests} request(s); {summary.RowsRejected:N0} refused."
            : $"{summary.RowsSent:N0} rows sent to '{Schema}' in {summary.Requests} request(s) in {summary.Elapsed.TotalSeconds:0.0} s ({summary.RowsPerSecond:N0} rows/s); {summary.RowsRejected:N0} refused, {summary.RowsFailed:N0} failed.");
        if (_failedRecords is { Count: > 0 })
        {
            WriteWarning($"{_failedRecords.Count:N0} record(s) that were not stored are in '{FailedRecordPath}' with the reason.");
        }

        if (_upload.FatalError is { } fatal)
        {
            ThrowTerminatingError(SchemaError(fatal, Schema));
        }

        if (PassThru)
        {
            WriteObject(summary);
        }
    }

    protected override void ReleaseResources()
    {
        // Stopped (Ctrl+C, -ErrorAction Stop) with records accepted but not known to be stored: nothing can be written
        // to the pipeline any more, but -FailedRecordPath still gets them.
        if (_upload is not null && _failedRecords is not null)
        {
            foreach (var result in _upload.Abandon(TimeSpan.FromSeconds(2)))
            {
                foreach (var record in result.Records)
                {
                    FailedRecords.Write(_failedRecords, "Stopped", result.Error!.Message, record, null);
                }
            }
        }

        _failedRecords?.Dispose();
        base.ReleaseResources();
    }

    private string Activity => $"Sending to Monetate schema '{Schema}'";

    private int ProgressId => 1001 + Math.Abs(StringComparer.Ordinal.GetHashCode(Schema) % 1000);

    private MonetateUpload Upload()
    {
        if (_upload is not null)
        {
            return _upload;
        }

        var session = ResolveSession();
        MonetateSchema schema;
        try
        {
            schema = Await(session.Client.GetSchemaAsync(Schema, CancellationToken));
        }
        catch (ServiceException ex)
        {
            ThrowTerminatingError(SchemaError(ex, Schema));
            throw;
        }

        session.Remember(schema.Name);
        var send = ShouldProcess($"Monetate schema '{schema.Name}' (retailer '{session.Retailer}')", "Send rows");
        _upload = new MonetateUpload(send ? session.Client : null, schema, BatchSize, IgnoreUnknownField, CancellationToken);
        var replaces = schema.UniqueKeyField is { } key
            ? $"a row replaces the earlier row with the same {key}"
            : "the schema has no unique key, so every row is stored as a new row";
        WriteVerbose($"Sending to '{schema.Name}' in requests of {BatchSize} rows; {replaces}.");
        return _upload;
    }

    private void SendFiles(MonetateUpload upload)
    {
        foreach (var file in _files)
        {
            using var reader = RecordFiles.Open(this, file, Format, Encoding, Delimiter);
            if (reader is null)
            {
                continue;
            }

            WriteVerbose($"Reading {file} as {RecordFileReader.FormatOf(file, Format)}.");
            while (reader.Read() is { } record)
            {
                _recordsSeen++;
                if (record.Error is not null)
                {
                    upload.NoteRejected();
                    WriteRecordError(ErrorRecords.Create($"{record}: {record.Error}", "InvalidRecord", ErrorCategory.InvalidData, record), record.Fields);
                    continue;
                }

                Add(upload, record, record.Fields!);
            }

            RecordFiles.WarnIfUndecodable(this, reader, file, Encoding);
        }
    }

    /// <summary>Queues a piped object or a file record; a file record becomes an object only if it has to be handed back.</summary>
    private void Add(MonetateUpload upload, object source, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        string? problem;
        try
        {
            problem = Await(upload.AddAsync(source, fields));
        }
        catch (ServiceException)
        {
            // The upload stopped (key refused, schema gone): report the records it held, then stop.
            Finish();
            return;
        }

        if (problem is not null)
        {
            var where = source is FileRecord file ? file.ToString() : $"Record {_recordsSeen}";
            WriteRecordError(
                ErrorRecords.Create($"{where} does not fit schema '{Schema}': {problem}", "RecordDoesNotFitSchema", ErrorCategory.InvalidData, Target(source), "Mend the record and send it again."),
                fields);
        }

        Report(final: false);
    }

    private void Report(bool final)
    {
        if (!final && !_upload!.HasFinished && _progressClock.ElapsedMilliseconds < 500)
        {
            return;
        }

        foreach (var result in _upload!.TakeFinished())
        {
            if (result.Succeeded)
            {
                WriteVerbose($"Request {result.Sequence}: {result.Records.Count} rows stored.");
                continue;
            }

            var error = result.Error!;
            WriteWarning($"Request {result.Sequence} failed for good after {result.Attempts} attempt(s); its {result.Records.Count} records are written as errors. {error.Message}");
            foreach (var record in result.Records)
            {
                WriteRecordError(ServiceError(error, Target(record), "UploadFailed"), (record as FileRecord)?.Fields);
            }
        }

        if (final || _progressClock.ElapsedMilliseconds >= 500)
        {
            _progressClock.Restart();
            var summary = _upload.Summary;
            WriteProgress(new ProgressRecord(ProgressId, Activity, $"{_recordsSeen:N0} records read, {summary.RowsSent:N0} stored in {summary.Requests} request(s), {summary.RowsRejected:N0} refused"));
        }
    }

    /// <summary>What an error carries, to be mended and piped again: the piped object, or a file record's fields as an object.</summary>
    private static object Target(object source) => source is FileRecord record ? RecordFiles.ToPSObject(record) : source;

    /// <summary>Writes a record that was not stored as an error (the record as target, to re-pipe) and to -FailedRecordPath.</summary>
    private void WriteRecordError(ErrorRecord error, IReadOnlyList<KeyValuePair<string, object?>>? fields)
    {
        FailedRecords.Write(_failedRecords, error, error.TargetObject, fields);
        WriteError(error);
    }
}
