using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Lists Data Connections, gets one by id, or filters them by name.</summary>
[Cmdlet(VerbsCommon.Get, "DataConnection", DefaultParameterSetName = ListSet, HelpUri = HelpLinks.GetDataConnection)]
[OutputType(typeof(Connection))]
public sealed class GetDataConnectionCommand : DCCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid[] ConnectionId { get; set; } = [];

    /// <summary>Wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(ConnectionNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        // Get-DataConnection '<id>' binds the text to -Name (position 0 of the default set); an id is meant.
        if (ParameterSetName == ListSet && Name is { Length: > 0 } && Name.All(n => Guid.TryParse(n, out _)))
        {
            foreach (var name in Name)
            {
                WriteOne(session, Guid.Parse(name));
            }

            return;
        }

        if (ParameterSetName == ByIdSet)
        {
            foreach (var id in ConnectionId)
            {
                WriteOne(session, id);
            }

            return;
        }

        IReadOnlyList<Connection> connections;
        try
        {
            connections = Await(session.Client.GetConnectionsAsync(CancellationToken));
        }
        catch (ServiceException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromService(ex, null));
            return;
        }

        var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (var connection in connections)
        {
            session.Remember(connection);
            if (patterns is null || patterns.Any(p => p.IsMatch(connection.Name)))
            {
                WriteObject(connection);
            }
        }

        foreach (var name in Name ?? [])
        {
            if (!WildcardPattern.ContainsWildcardCharacters(name) && !connections.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                WriteError(ErrorRecords.Create($"No Data Connection is named '{name}'.", "ConnectionNotFound", ErrorCategory.ObjectNotFound, name));
            }
        }
    }

    private void WriteOne(OptiX.OptiXSession session, Guid id)
    {
        try
        {
            var connection = Await(session.Client.GetConnectionAsync(id, CancellationToken));
            session.Remember(connection);
            WriteObject(connection);
        }
        catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
        {
            session.Forget(id);
            WriteError(ErrorRecords.ConnectionNotFound(id));
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.FromService(ex, id));
        }
    }
}
