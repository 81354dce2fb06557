using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Records;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Replaces records by primary key. Like upload, an update replaces the whole record: fields not given are removed,
/// unless -Merge reads the stored records first and sends the union.
/// </summary>
[Cmdlet(VerbsData.Update, "DCRecord", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet, HelpUri = HelpLinks.UpdateDCRecord)]
[OutputType(typeof(ChangeSummary))]
public sealed class UpdateDCRecordCommand : KeyedRecordCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string ByKeySet = "ByKey";
    private const int MergeReadsInFlight = 8;

    /// <summary>A whole record, holding the connection's primary-key field.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByKeySet)]
    [Alias("Key")]
    public object? PrimaryKey { get; set; }

    /// <summary>The record's fields (the key field is added when missing).</summary>
    [Parameter(Mandatory = true, Position = 2, ParameterSetName = ByKeySet)]
    public Hashtable? Data { get; set; }

    /// <summary>Seconds until the updated records expire; omit for never.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? TtlSeconds { get; set; }

    /// <summary>Keep the stored fields that the update does not mention.</summary>
    [Parameter]
    public SwitchParameter Merge { get; set; }

    protected override string Operation => "Update";

    protected override void BeginProcessing()
    {
        if (!Merge)
        {
            WriteVerbose("Update replaces each whole record: fields not given are removed. Use -Merge to keep them.");
        }
    }

    protected override void ProcessRecord()
    {
        var connection = CurrentConnection();
        object source = ParameterSetName == ByKeySet ? PrimaryKey! : InputObject!;
        IReadOnlyList<KeyValuePair<string, object?>> fields;
        try
        {
            fields = ParameterSetName == ByKeySet ? FieldsWithKey(connection.PrimaryKey) : RecordConverter.ToFields(InputObject!);
        }
        catch (ArgumentException ex)
        {
            Reject(ex.Message, "InvalidRecord", source);
            return;
        }

        if (PrimaryKeys.Check(fields, connection.PrimaryKey, out var key, out var problem) is { } reason)
        {
            Reject($"The record was not sent: it {problem}.", reason == RefusalReason.MissingPrimaryKey ? "MissingPrimaryKey" : "InvalidPrimaryKey", source);
            return;
        }

        var keyValue = fields.First(f => f.Key == connection.PrimaryKey).Value!;
        Enqueue(new KeyedItem(key, keyValue, source, fields));
    }

    protected override Task<int?> SendAsync(OptiXSession session, Connection connection, IReadOnlyList<KeyedItem> items) =>
        session.Client.UpdateRecordsAsync(connection.ConnectionId, UpdateBodyWriter.Write(items, TtlSeconds), CancellationToken);

    protected override IReadOnlyList<KeyedItem> Prepare(OptiXSession session, Connection connection, IReadOnlyList<KeyedItem> items)
    {
        if (!Merge)
        {
            return items;
        }

        WriteVerbose($"Reading {items.Count} stored record(s) to merge with.");
        var failures = Await(MergeAsync(session, connection, items));
        foreach (var (item, error) in failures)
        {
            // Sending it unmerged would remove the fields -Merge was asked to keep: hand it back instead.
            WriteError(ErrorRecords.FromService(error, item.Source, error.Kind == ServiceErrorKind.UnexpectedAnswer ? "StoredRecordUnreadable" : "UpdateFailed"));
        }

        return failures.Count == 0 ? items : items.Where(i => !failures.Any(f => ReferenceEquals(f.Item, i))).ToList();
    }

    private async Task<List<(KeyedItem Item, ServiceException Error)>> MergeAsync(OptiXSession session, Connection connection, IReadOnlyList<KeyedItem> items)
    {
        var failures = new List<(KeyedItem, ServiceException)>();
        using var gate = new SemaphoreSlim(MergeReadsInFlight);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync(CancellationToken).ConfigureAwait(false);
            try
            {
                item.Fields = await RecordMerge.WithStoredAsync(session.Client, connection.ConnectionId, connection.PrimaryKey, item.KeyValue, item.Fields!, CancellationToken).ConfigureAwait(false);
            }
            catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
            {
                // Left as given: the update itself reports the key as not found.
            }
            catch (ServiceException ex)
            {
                lock (failures)
                {
                    failures.Add((item, ex));
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return failures;
    }

    private List<KeyValuePair<string, object?>> FieldsWithKey(string primaryKeyField)
    {
        var key = PrimaryKey is PSObject wrapped ? wrapped.BaseObject : PrimaryKey;
        var fields = RecordConverter.ToFields(Data!).ToList();
        var index = fields.FindIndex(f => f.Key == primaryKeyField);
        if (index < 0)
        {
            fields.Insert(0, new KeyValuePair<string, object?>(primaryKeyField, key));
        }
        else if (PlainJson.Text(fields[index].Value) != PlainJson.Text(key))
        {
            throw new ArgumentException($"-Data holds {primaryKeyField} '{fields[index].Value}', which differs from -PrimaryKey '{key}'.");
        }

        return fields;
    }
}
