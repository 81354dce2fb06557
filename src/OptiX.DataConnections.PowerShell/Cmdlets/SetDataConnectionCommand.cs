using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Changes a Data Connection's name or description. The primary key cannot change.</summary>
[Cmdlet(VerbsCommon.Set, "DataConnection", SupportsShouldProcess = true, HelpUri = HelpLinks.SetDataConnection)]
[OutputType(typeof(Connection))]
public sealed class SetDataConnectionCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public string? Description { get; set; }

    /// <summary>New external API details for an API-based connection; the service tests them before it accepts them.</summary>
    [Parameter]
    [Alias("external_api_details")]
    public Hashtable? ExternalApi { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var update = new ConnectionUpdate { Name = Name, Description = Description };
        try
        {
            update.ExternalApiDetails = ExternalApi is null ? null : ExternalApiParameters.FromHashtable(ExternalApi);
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidExternalApi", ErrorCategory.InvalidArgument, ExternalApi));
            return;
        }

        if (update.IsEmpty)
        {
            WriteError(ErrorRecords.Create("Nothing to change: give -Name, -Description or -ExternalApi.", "NothingToChange", ErrorCategory.InvalidArgument, ConnectionId));
            return;
        }

        if (!ShouldProcess($"Data Connection {ConnectionId}", "Update"))
        {
            return;
        }

        var session = ResolveSession();
        try
        {
            var connection = Await(session.Client.UpdateConnectionAsync(ConnectionId, update, CancellationToken));
            session.Remember(connection);
            if (PassThru)
            {
                WriteObject(connection);
            }
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.ForConnection(ex, ConnectionId));
        }
    }
}
