using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>The structure of a Data Connection's data: its fields, their JSON types and the primary key.</summary>
[Cmdlet(VerbsCommon.Get, "DCSchema", HelpUri = HelpLinks.GetDCSchema)]
[OutputType(typeof(ConnectionSchema))]
public sealed class GetDCSchemaCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid[] ConnectionId { get; set; } = [];

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        foreach (var id in ConnectionId)
        {
            try
            {
                WriteObject(Await(session.Client.GetSchemaAsync(id, CancellationToken)));
            }
            catch (ServiceException ex)
            {
                WriteError(ErrorRecords.ForConnection(ex, id));
            }
        }
    }
}
