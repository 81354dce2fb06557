using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Posts piped records, or CSV / JSON / NDJSON files streamed from disk, as rows of a Monetate dataset schema: each
/// record is converted to the schema's types first, and one that does not fit is an error that carries the record.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "MonetateData", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet, HelpUri = HelpLinks.SendMonetateData)]
[OutputType(typeof(MonetateUploadSummary))]
public sealed class SendMonetateDataCommand : SendCmdlet
{
    private MonetateSession? _session;

    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(MonetateSchemaCompleter))]
    public string Schema { get; set; } = string.Empty;

    /// <summary>The session to use instead of the one from Connect-MonetateService.</summary>
    [Parameter]
    public MonetateSession? Session { get; set; }

    /// <summary>Rows per request (default 1000).</summary>
    [Parameter]
    [ValidateRange(1, MonetateUploadAdapter.MaxBatchSize)]
    public int BatchSize { get; set; } = MonetateUploadAdapter.DefaultBatchSize;

    /// <summary>Leave out fields the schema does not have (they are named once with -Verbose) instead of refusing the record.</summary>
    [Parameter]
    public SwitchParameter IgnoreUnknownField { get; set; }

    protected override string TargetKey => Schema;

    protected override string CheckpointTarget() => $"monetate:{ResolveSession().Retailer}/{Schema}";

    protected override UploadEngine Start(UploadEngineOptions options, Guid? batchId)
    {
        var session = ResolveSession();
        var schema = Await(session.Client.GetSchemaAsync(Schema, CancellationToken));
        session.Remember(schema.Name);
        var send = ShouldProcess($"Monetate schema '{schema.Name}' (retailer '{session.Retailer}')", "Send rows");
        options.BatchSize = BatchSize;
        var upload = MonetateUploadAdapter.Start(send ? session.Client : null, schema, options, IgnoreUnknownField, CancellationToken);
        var replaces = schema.UniqueKeyField is { } key
            ? $"a row replaces the earlier row with the same {key}"
            : "the schema has no unique key, so every row is stored as a new row";
        WriteVerbose($"Sending to '{schema.Name}' in requests of {BatchSize} rows or {options.MaxRequestBytes:N0} bytes, {options.ThrottleLimit} in flight; {replaces}.");
        return upload;
    }

    protected override ErrorRecord StartError(ServiceException exception) => MonetateCmdlet.SchemaError(exception, Schema);

    protected override ErrorRecord ServiceError(ServiceException exception, object? target, string errorId) =>
        MonetateCmdlet.ServiceError(exception, target, errorId);

    protected override string Activity(UploadEngine upload) => $"Sending to Monetate '{Schema}'";

    protected override object Describe(UploadEngine upload)
    {
        var summary = MonetateUploadSummary.Of(upload);
        var converter = ((MonetateUploadAdapter)upload.Adapter).Converter;
        if (converter.IgnoredFields.Count > 0)
        {
            WriteVerbose($"Left out field(s) not in schema '{Schema}': {string.Join(", ", converter.IgnoredFields)}.");
        }

        WriteVerbose(summary.WhatIf
            ? $"What if: {summary.RowsSent:N0} rows would be sent in {summary.Requests} request(s); {summary.RowsRejected:N0} refused."
            : $"{summary.RowsSent:N0} rows sent to '{Schema}' in {summary.Requests} request(s) in {summary.Elapsed.TotalSeconds:0.0} s ({summary.RowsPerSecond:N0} rows/s); {summary.RowsRejected:N0} refused, {summary.RowsFailed:N0} failed.");
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

    private MonetateSession ResolveSession()
    {
        if (_session is null)
        {
            _session = MonetateSessionStore.Resolve(this, Session);
            _session.Client.Retrying += OnRetrying;
        }

        return _session;
    }
}
