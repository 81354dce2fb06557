using System.Management.Automation;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Records;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Deletes records by primary key, batched; keys that do not exist are reported, the rest are deleted.</summary>
[Cmdlet(VerbsCommon.Remove, "DCRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.RemoveDCRecord)]
[OutputType(typeof(ChangeSummary))]
public sealed class RemoveDCRecordCommand : KeyedRecordCmdlet
{
    /// <summary>Keys, or objects carrying the connection's primary-key field (such as Invoke-DCQuery output).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [Alias("Key")]
    public object[] PrimaryKey { get; set; } = [];

    protected override string Operation => "Delete";

    protected override void ProcessRecord()
    {
        var connection = CurrentConnection();
        foreach (var item in PrimaryKey)
        {
            var keyValue = RecordKeys.KeyOf(item, connection.PrimaryKey);
            if (!PrimaryKeys.TryNormalize(keyValue, out var key, out var problem))
            {
                Reject($"The primary key {problem}.", "InvalidPrimaryKey", item);
                continue;
            }

            Enqueue(new KeyedItem(key, keyValue!, item));
        }
    }

    protected override Task<int?> SendAsync(OptiXSession session, Connection connection, IReadOnlyList<KeyedItem> items) =>
        session.Client.DeleteRecordsAsync(connection.ConnectionId, items.Select(i => i.KeyValue), CancellationToken);
}
