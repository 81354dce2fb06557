using System.Collections;
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
[Cmdlet(VerbsLifecycle.Invoke, "DCQuery")]
[OutputType(typeof(PSObject))]
public sealed class InvokeDCQueryCommand : DCCmdlet
{
    private readonly List<(object Key, object Source)> _pending = [];
    private Connection? _connection;
    private bool _batched;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

    /// <summary>Keys to read; objects that carry the connection's primary-key field are accepted too.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [Alias("Key")]
    public object[] PrimaryKey { get; set; } = [];

    /// <summary>Values for the placeholders of an API-based connection.</summary>
    [Parameter]
    [Alias("placeholder_values")]
    public Hashtable? Parameter { get; set; }

    /// <summary>Keys per batch query request.</summary>
    [Parameter]
    [ValidateRange(1, UploadOptions.MaxBatchSize)]
    public int BatchSize { get; set; } = 1000;

    private Dictionary<string, string>? Placeholders { get; set; }

    protected override void BeginProcessing() => Placeholders = StringDictionaries.From(Parameter);

    protected override void ProcessRecord()
    {
        if (_connection?.ConnectionId != ConnectionId)
        {
            Flush();
            var session = ResolveSession();
            try
            {
                _connection = Await(session.GetConnectionAsync(ConnectionId, CancellationToken));
            }
            catch (ServiceException ex)
            {
                _connection = null;
                WriteError(ErrorRecords.ForConnection(ex, ConnectionId));
                return;
            }
        }

        foreach (var item in PrimaryKey)
        {
            var key = RecordKeys.KeyOf(item, _connection.PrimaryKey);
            if (!PrimaryKeys.TryNormalize(key, out _, out var problem))
            {
                WriteError(ErrorRecords.Create($"The primary key {problem}.", "InvalidPrimaryKey", ErrorCategory.InvalidArgument, item));
                continue;
            }

            _pending.Add((key!, item));
            if (_pending.Count >= BatchSize)
            {
                Flush();
            }
        }
    }

    protected override void EndProcessing() => Flush();

    private void Flush()
    {
        if (_pending.Count == 0 || _connection is null)
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
            results = Await(session.Client.BatchQueryAsync(_connection.ConnectionId, items.Select(i => i.Key).ToList(), Placeholders, KeyFieldOf(_connection), CancellationToken));
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
            WriteObject(JsonToPSObject.ToRecord(Await(session.Client.QueryRecordAsync(_connection!.ConnectionId, key, Placeholders, KeyFieldOf(_connection), CancellationToken))));
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

    private void WriteNotFound(object key, object source) => WriteError(ErrorRecords.Create(
        $"No record with {_connection!.PrimaryKey} '{key}' in Data Connection '{_connection.Name}' (it may not exist, have expired, or sit in a batch not yet completed).",
        "RecordNotFound",
        ErrorCategory.ObjectNotFound,
        source));
}
