using System.Diagnostics;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Records;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// What Update-DCRecord and Remove-DCRecord share: keys gathered from the pipeline into requests of at most
/// -BatchSize, one confirmation per connection, missing keys written as ObjectNotFound errors while the rest of the
/// batch goes through, and a summary.
/// </summary>
public abstract class KeyedRecordCmdlet : DCCmdlet
{
    private readonly Dictionary<Guid, Target> _targets = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Target? _current;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

    [Parameter]
    [ValidateRange(1, UploadOptions.MaxBatchSize)]
    public int BatchSize { get; set; } = UploadOptions.MaxBatchSize;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Update or Delete.</summary>
    protected abstract string Operation { get; }

    /// <summary>Sends one request; returns how many records the service changed.</summary>
    protected abstract Task<int?> SendAsync(OptiXSession session, Connection connection, IReadOnlyList<KeyedItem> items);

    /// <summary>A chance to complete the items before they go (for -Merge); returns those that can go.</summary>
    protected virtual IReadOnlyList<KeyedItem> Prepare(OptiXSession session, Connection connection, IReadOnlyList<KeyedItem> items) => items;

    /// <summary>The connection the current pipeline object is for.</summary>
    protected Connection CurrentConnection()
    {
        if (_current?.Connection.ConnectionId == ConnectionId)
        {
            return _current.Connection;
        }

        if (!_targets.TryGetValue(ConnectionId, out var target))
        {
            var session = ResolveSession();
            Connection connection;
            try
            {
                connection = Await(session.GetConnectionAsync(ConnectionId, CancellationToken));
            }
            catch (ServiceException ex)
            {
                ThrowTerminatingError(ErrorRecords.ForConnection(ex, ConnectionId));
                throw;
            }

            var send = ShouldProcess($"records of Data Connection '{connection.Name}' ({connection.ConnectionId})", Operation);
            target = new Target(session, connection, send, new ChangeSummary { ConnectionId = connection.ConnectionId, Operation = Operation, WhatIf = !send });
            _targets[ConnectionId] = target;
        }

        _current = target;
        return target.Connection;
    }

    protected void Reject(string message, string errorId, object? source)
    {
        if (_current is not null)
        {
            _current.Summary.Rejected++;
        }

        WriteError(ErrorRecords.Create(message, errorId, ErrorCategory.InvalidData, source));
    }

    protected void Enqueue(KeyedItem item)
    {
        var target = _current!;
        target.Summary.Requested++;
        target.Buffer.Add(item);
        if (target.Buffer.Count >= BatchSize)
        {
            Flush(target);
        }
    }

    protected override void EndProcessing()
    {
        foreach (var target in _targets.Values)
        {
            Flush(target);
            target.Summary.Elapsed = _clock.Elapsed;
            WriteProgress(new ProgressRecord(ProgressId, Activity(target), "Done") { RecordType = ProgressRecordType.Completed });
            WriteVerbose(target.Summary.WhatIf
                ? $"What if: {target.Summary.Requested:N0} record(s) would be sent in {target.Summary.Requests} request(s)."
                : $"{Operation}: {target.Summary.Changed:N0} changed, {target.Summary.NotFound:N0} not found, {target.Summary.Failed:N0} failed, in {target.Summary.Requests} request(s).");
            if (PassThru)
            {
                WriteObject(target.Summary);
            }
        }
    }

    private int ProgressId => Operation == "Delete" ? 3 : 2;

    private string Activity(Target target) => $"{Operation} records in Data Connection '{target.Connection.Name}'";

    private void Flush(Target target)
    {
        if (target.Buffer.Count == 0)
        {
            return;
        }

        var items = target.Buffer.ToList();
        target.Buffer.Clear();
        if (!target.Send)
        {
            target.Summary.Requests++;
            return;
        }

        var ready = Prepare(target.Session, target.Connection, items);
        target.Summary.Failed += items.Count - ready.Count;
        var outcome = Await(KeyedBatch.SendAsync(ready, batch => SendAsync(target.Session, target.Connection, batch), retriedMissingMeansGone: Operation == "Delete"));
        target.Summary.Add(outcome);
        foreach (var item in outcome.NotFound)
        {
            WriteError(ErrorRecords.Create(
                $"No record with {target.Connection.PrimaryKey} '{item.Key}' in Data Connection '{target.Connection.Name}'; the rest of the batch was sent.",
                "RecordNotFound",
                ErrorCategory.ObjectNotFound,
                item.Source));
        }

        if (outcome.AlreadyGone.Count > 0)
        {
            WriteWarning($"{outcome.AlreadyGone.Count} key(s) were already gone when a retried request arrived: the first attempt most likely deleted them before its answer was lost. They are counted as AlreadyGone.");
        }

        foreach (var item in outcome.Failed)
        {
            WriteError(ErrorRecords.FromService(outcome.Error!, item.Source, Operation + "Failed"));
        }

        WriteProgress(new ProgressRecord(ProgressId, Activity(target), $"{target.Summary.Changed:N0} changed in {target.Summary.Requests} request(s)"));
    }

    private sealed class Target
    {
        public Target(OptiXSession session, Connection connection, bool send, ChangeSummary summary)
        {
            Session = session;
            Connection = connection;
            Send = send;
            Summary = summary;
        }

        public OptiXSession Session { get; }

        public Connection Connection { get; }

        public bool Send { get; }

        public ChangeSummary Summary { get; }

        public List<KeyedItem> Buffer { get; } = [];
    }
}
