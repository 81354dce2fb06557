using System.Collections;
using System.Globalization;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Reads records from a Data Connection by primary key.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DCQuery")]
[OutputType(typeof(PSObject))]
public sealed class InvokeDCQueryCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    public Guid ConnectionId { get; set; }

    /// <summary>Keys to read; objects that carry the connection's primary-key field are accepted too.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [Alias("Key")]
    public object[] PrimaryKey { get; set; } = [];

    /// <summary>Values for the placeholders of an API-based connection.</summary>
    [Parameter]
    public Hashtable? Parameter { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        Models.Connection connection;
        try
        {
            connection = Await(session.GetConnectionAsync(ConnectionId, CancellationToken));
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.ForConnection(ex, ConnectionId));
            return;
        }

        var placeholders = Parameter?.Cast<DictionaryEntry>().ToDictionary(
            e => Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty,
            e => Convert.ToString(e.Value is PSObject p ? p.BaseObject : e.Value, CultureInfo.InvariantCulture) ?? string.Empty);

        foreach (var item in PrimaryKey)
        {
            var key = RecordKeys.KeyOf(item, connection.PrimaryKey);
            if (!PrimaryKeys.TryNormalize(key, out _, out var problem))
            {
                WriteError(ErrorRecords.Create($"The primary key {problem}.", "InvalidPrimaryKey", ErrorCategory.InvalidArgument, item));
                continue;
            }

            try
            {
                var json = Await(session.Client.QueryAsync(connection.ConnectionId, key!, placeholders, CancellationToken));
                WriteObject(JsonToPSObject.ToRecord(json));
            }
            catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
            {
                WriteError(ErrorRecords.Create(
                    $"No record with {connection.PrimaryKey} '{key}' in Data Connection '{connection.Name}' (it may not exist, have expired, or sit in a batch not yet completed).",
                    "RecordNotFound",
                    ErrorCategory.ObjectNotFound,
                    item));
            }
            catch (ServiceException ex)
            {
                WriteError(ErrorRecords.FromService(ex, item));
            }
        }
    }
}
