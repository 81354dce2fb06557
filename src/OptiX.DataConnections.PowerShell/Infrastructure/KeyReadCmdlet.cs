using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// What the cmdlets that read records by key share (Invoke-DCQuery, Get-DCEmarsysContent): the connection, looked up
/// once while the piped ConnectionId stays the same; the keys, bare or carried by objects, checked before any request;
/// the placeholder values of an API-based connection.
/// </summary>
public abstract class KeyReadCmdlet : DCCmdlet
{
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

    /// <summary>The connection of the keys being read (null when it could not be read).</summary>
    protected Connection? Connection => _connection;

    protected Dictionary<string, string>? Placeholders { get; private set; }

    protected override void BeginProcessing() => Placeholders = StringDictionaries.From(Parameter);

    /// <summary>Called before the connection changes to another one, to finish the work on the current one.</summary>
    protected virtual void OnConnectionChanging()
    {
    }

    /// <summary>
    /// The valid keys of this pipeline input with the objects they came from; an invalid key is an InvalidPrimaryKey
    /// error, a connection that cannot be read one error for the whole input.
    /// </summary>
    protected IEnumerable<(object Key, object Source)> KeysToRead()
    {
        if (_connection?.ConnectionId != ConnectionId)
        {
            OnConnectionChanging();
            try
            {
                _connection = Await(ResolveSession().GetConnectionAsync(ConnectionId, CancellationToken));
            }
            catch (ServiceException ex)
            {
                _connection = null;
                WriteError(ErrorRecords.ForConnection(ex, ConnectionId));
                yield break;
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

            yield return (key!, item);
        }
    }

    /// <summary>The RecordNotFound error for a key of <see cref="Connection"/>.</summary>
    protected ErrorRecord RecordNotFound(object key, object source, string what = "") => ErrorRecords.Create(
        $"No record with {_connection!.PrimaryKey} '{key}' in Data Connection '{_connection.Name}'{what} (it may not exist, have expired, or sit in a batch not yet completed).",
        "RecordNotFound",
        ErrorCategory.ObjectNotFound,
        source);
}
