using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Uploads piped records, or CSV / JSON / NDJSON files streamed from disk, to a Data Connection as one batch:
/// requests of at most 5000 records, none of them visible to queries until the last one completes the batch.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "DCData", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet, HelpUri = HelpLinks.SendDCData)]
[OutputType(typeof(UploadSummary))]
public sealed class SendDCDataCommand : SendCmdlet
{
    private OptiXSession? _session;
    private Guid _keyId;
    private string? _key;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

    /// <summary>The session to use instead of the one from Connect-DCService.</summary>
    [Parameter]
    public OptiXSession? Session { get; set; }

    /// <summary>Seconds until the records expire; omit for never.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? TtlSeconds { get; set; }

    [Parameter]
    [ValidateRange(1, UploadOptions.MaxBatchSize)]
    public int BatchSize { get; set; } = UploadOptions.MaxBatchSize;

    /// <summary>Add to this open batch (one an earlier run left open) instead of starting a new one.</summary>
    [Parameter]
    public Guid? BatchId { get; set; }

    // Asked for every piped record: the text is made again only when the id changes.
    protected override string TargetKey => _key is not null && _keyId == ConnectionId ? _key : _key = (_keyId = ConnectionId).ToString("D");

    protected override string CheckpointTarget() => ConnectionId.ToString("D");

    protected override UploadEngine Start(UploadEngineOptions options, Guid? batchId)
    {
        var session = ResolveSession();
        var connection = Await(session.GetConnectionAsync(ConnectionId, CancellationToken));
        var send = ShouldProcess($"Data Connection '{connection.Name}' ({connection.ConnectionId})", "Send records");
        var upload = OptiXUploadAdapter.Start(send ? session.Client : null, connection, new UploadOptions
        {
            BatchSize = BatchSize,
            TtlSeconds = TtlSeconds,
            ThrottleLimit = ThrottleLimit > 0 ? ThrottleLimit : UploadOptions.DefaultThrottleLimit,
            MaxRequestBytes = options.MaxRequestBytes,
            BatchId = batchId ?? BatchId,
            InputOffset = options.InputOffset,
            ResumingBatch = options.ResumingBatch,
            CompletedEarlier = options.CompletedEarlier,
            DryRun = !send,
        }, CancellationToken);
        WriteVerbose($"Uploading to '{connection.Name}' ({connection.ConnectionId}) as batch {BatchIdOf(upload)}, {BatchSize} records or {options.MaxRequestBytes:N0} bytes a request, {(ThrottleLimit > 0 ? ThrottleLimit : UploadOptions.DefaultThrottleLimit)} in flight; each upload replaces the whole stored record for its key.");
        return upload;
    }

    protected override ErrorRecord StartError(ServiceException exception) => ErrorRecords.ForConnection(exception, ConnectionId);

    protected override ErrorRecord ServiceError(ServiceException exception, object? target, string errorId) =>
        ErrorRecords.FromService(exception, target, errorId);

    protected override Guid? BatchIdOf(UploadEngine upload) => ((OptiXUploadAdapter)upload.Adapter).BatchId;

    protected override string Activity(UploadEngine upload) => $"Sending to '{((OptiXUploadAdapter)upload.Adapter).Connection.Name}'";

    protected override object Describe(UploadEngine upload)
    {
        var summary = UploadSummary.Of(upload);
        if (summary.WhatIf)
        {
            WriteVerbose($"What if: {summary.RecordsSent:N0} records would be sent in {summary.Requests} request(s); {summary.RecordsRejected:N0} refused.");
            return summary;
        }

        WriteVerbose($"{summary.RecordsSent:N0} records sent in {summary.Requests} request(s) in {summary.Elapsed.TotalSeconds:0.0} s ({summary.RecordsPerSecond:N0} records/s); {summary.RecordsRejected:N0} refused, {summary.RecordsFailed:N0} failed.");
        if (summary.CompletedByPreviousRun)
        {
            WriteWarning($"Batch {summary.BatchId} was already completed by the previous run of this upload: its records are stored and visible; nothing more was needed.");
        }
        else if (summary.Requests > 0 && !summary.BatchCompleted)
        {
            var why = upload.HoldReason ?? $"{summary.RecordsFailed:N0} record(s) failed";
            var resume = CheckpointPath is not null
                ? "Run the same command again to resume from the checkpoint."
                : $"Re-send the failed records into the same batch to complete it: $failed | Send-DCData -ConnectionId {summary.ConnectionId} -BatchId {summary.BatchId}";
            WriteWarning($"Batch {summary.BatchId} was left open, so none of its records are visible yet: {why}. {resume}");
        }

        return summary;
    }

    protected override void ReleaseResources()
    {
        if (_session is not null)
        {
            _session.Client.Retrying -= OnRetrying;
        }

        base.ReleaseResources();
    }

    private OptiXSession ResolveSession()
    {
        if (_session is null)
        {
            _session = DCSessionStore.Resolve(this, Session);
            _session.Client.Retrying += OnRetrying;
        }

        return _session;
    }
}
