using System.Diagnostics;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Uploads piped records to a Data Connection as one batch: requests of at most 5000 records, none of them
/// visible to queries until the last one completes the batch.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "DCData", SupportsShouldProcess = true)]
[OutputType(typeof(UploadSummary))]
public sealed class SendDCDataCommand : DCCmdlet
{
    private readonly Dictionary<Guid, UploadSession> _uploads = [];
    private readonly Stopwatch _progressClock = Stopwatch.StartNew();
    private long _recordsSeen;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    public Guid ConnectionId { get; set; }

    /// <summary>A record: an object whose properties are the fields, or a hashtable.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

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

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            WriteError(ErrorRecords.Create("A null record cannot be sent.", "NullRecord", ErrorCategory.InvalidData, null));
            return;
        }

        var upload = UploadFor(ConnectionId);
        _recordsSeen++;
        IReadOnlyList<KeyValuePair<string, object?>> fields;
        try
        {
            fields = RecordConverter.ToFields(InputObject);
        }
        catch (ArgumentException ex)
        {
            upload.Summary.RecordsRejected++;
            WriteError(new ErrorRecord(ex, "InvalidRecord", ErrorCategory.InvalidData, InputObject));
            return;
        }

        string? problem;
        try
        {
            problem = Await(upload.AddAsync(InputObject, fields));
        }
        catch (ServiceException ex)
        {
            StopOnFatal(upload, ex);
            return;
        }

        if (problem is not null)
        {
            var errorId = problem.Contains("no primary key field") ? "MissingPrimaryKey" : "InvalidPrimaryKey";
            WriteError(ErrorRecords.Create(
                $"Record {_recordsSeen} was not sent: {problem}",
                errorId,
                ErrorCategory.InvalidData,
                InputObject,
                $"Every record needs the field '{upload.Connection.PrimaryKey}' with a value."));
        }

        Report(upload, final: false);
    }

    protected override void EndProcessing()
    {
        foreach (var upload in _uploads.Values)
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
    }

    private UploadSession UploadFor(Guid connectionId)
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
            BatchId = BatchId,
            DryRun = !send,
        };
        var upload = new UploadSession(send ? session.Client : null, connection, options, CancellationToken);
        WriteVerbose($"Uploading to '{connection.Name}' ({connection.ConnectionId}) as batch {upload.BatchId}, {BatchSize} records a request, {ThrottleLimit} in flight; each upload replaces the whole stored record for its key.");
        _uploads[connectionId] = upload;
        return upload;
    }

    private void Report(UploadSession upload, bool final)
    {
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
                WriteError(ErrorRecords.FromService(error, record, "UploadFailed"));
            }
        }

        if (final || _progressClock.ElapsedMilliseconds >= 500)
        {
            _progressClock.Restart();
            var summary = upload.Summary;
            var rate = summary.RecordsSent / Math.Max(0.001, upload.Elapsed.TotalSeconds);
            WriteProgress(new ProgressRecord(ProgressId(upload), Activity(upload),
                $"{_recordsSeen:N0} records read, {summary.RecordsSent:N0} acknowledged in {summary.Requests} request(s), {rate:N0} records/s"));
        }
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
            WriteWarning($"Batch {summary.BatchId} was left open, so none of its records are visible yet: {summary.RecordsFailed:N0} record(s) failed. Re-send them into the same batch to complete it: $failed | Send-DCData -ConnectionId {upload.Connection.ConnectionId} -BatchId {summary.BatchId}");
        }
    }

    private void StopOnFatal(UploadSession upload, ServiceException ex)
    {
        Await(upload.CompleteAsync());
        Report(upload, final: true);
        ThrowTerminatingError(ErrorRecords.FromService(ex, upload.Connection.ConnectionId));
    }

    private static int ProgressId(UploadSession upload) => 1 + Math.Abs(upload.Connection.ConnectionId.GetHashCode() % 1000);

    private static string Activity(UploadSession upload) => $"Sending to Data Connection '{upload.Connection.Name}'";
}
