using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Reads the Emarsys external content of records by primary key: what the service hands to Emarsys, the record
/// flattened to text values. One request a key.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DCEmarsysContent")]
[OutputType(typeof(PSObject))]
public sealed class GetDCEmarsysContentCommand : DCCmdlet
{
    public const string ContentTypeName = "OptiX.DataConnections.EmarsysContent";

    private Connection? _connection;

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

    private Dictionary<string, string>? Placeholders { get; set; }

    protected override void BeginProcessing() => Placeholders = StringDictionaries.From(Parameter);

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        if (_connection?.ConnectionId != ConnectionId)
        {
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

            try
            {
                var content = JsonToPSObject.ToRecord(Await(session.Client.GetEmarsysContentAsync(_connection.ConnectionId, key!, Placeholders, CancellationToken)));
                content.TypeNames.Insert(0, ContentTypeName);
                WriteObject(content);
            }
            catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
            {
                WriteError(ErrorRecords.Create(
                    $"No record with {_connection.PrimaryKey} '{key}' in Data Connection '{_connection.Name}', so no Emarsys content (it may not exist, have expired, or sit in a batch not yet completed).",
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
