using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Reads records from a Data Connection by primary key. One key is one query; many keys go through the batch query
/// endpoint, -BatchSize keys a request.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "DCQuery", HelpUri = HelpLinks.InvokeDCQuery)]
[OutputType(typeof(PSObject))]
public sealed class InvokeDCQueryCommand : KeyReadCmdlet
{
    private readonly List<(object Key, object Source)> _pending = [];
    private bool _batched;

    /// <summary>Keys per batch query request.</summary>
    [Parameter]
    [ValidateRange(1, UploadOptions.MaxBatchSize)]
    public int BatchSize { get; set; } = 1000;

    protected override void ProcessRecord()
    {
        foreach (var key in KeysToRead())
        {
            _pending.Add(key);
            if (_pending.Count >= BatchSize)
            {
                Flush();
            }
        }
    }

    protected override void OnConnectionChanging() => Flush();

    protected override void EndProcessing() => Flush();

    private void Flush()
    {
        if (_pending.Count == 0 || Connection is null)
        {
            return;
        }

        var items = _pending.ToList();
        _pending.Clear();
        var session = ResolveSession();
        if (items.Count == 1 && !_batched)
        {
            QueryOne(session, items[0].Key, items[0].Source);
            return;
        }

        _batched = true;
        IReadOnlyList<BatchQueryResult> results;
        try
        {
            results = Await(session.Client.BatchQueryAsync(Connection.ConnectionId, items.Select(i => i.Key).ToList(), Placeholders, KeyFieldOf(Connection), CancellationToken));
        }
        catch (ServiceException ex)
        {
            foreach (var item in items)
            {
                WriteError(ErrorRecords.FromService(ex, item.Source));
            }

            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var result = results[i];
            if (result.Record is { } record)
            {
                WriteObject(JsonToPSObject.ToRecord(record));
            }
            else if (result.IsNotFound)
            {
                WriteNotFound(items[i].Key, items[i].Source);
            }
            else
            {
                WriteError(ErrorRecords.Create($"Key '{items[i].Key}': {result.Error}", "QueryFailed", ErrorCategory.ReadError, items[i].Source));
            }
        }
    }

    private void QueryOne(OptiX.OptiXSession session, object key, object source)
    {
        try
        {
            WriteObject(JsonToPSObject.ToRecord(Await(session.Client.QueryRecordAsync(Connection!.ConnectionId, key, Placeholders, KeyFieldOf(Connection), CancellationToken))));
        }
        catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
        {
            WriteNotFound(key, source);
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.FromService(ex, source));
        }
    }

    /// <summary>Every record of an upload-based connection holds its primary key; an API-based one's need not.</summary>
    private static string? KeyFieldOf(Connection connection) => connection.ExternalApiDetails is null ? connection.PrimaryKey : null;

    private void WriteNotFound(object key, object source) => WriteError(RecordNotFound(key, source));
}
