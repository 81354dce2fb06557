using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Removes a link from a Data Connection to a campaign resource.</summary>
[Cmdlet(VerbsCommon.Remove, "DCReference", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemoveDCReferenceCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("reference_uuid")]
    public Guid ReferenceId { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Reference {ReferenceId} of Data Connection {ConnectionId}", "Remove"))
        {
            return;
        }

        var session = ResolveSession();
        try
        {
            Await(session.Client.RemoveReferenceAsync(ConnectionId, ReferenceId, CancellationToken));
        }
        catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
        {
            WriteError(ErrorRecords.Create($"Reference '{ReferenceId}' of Data Connection '{ConnectionId}' was not found.", "ReferenceNotFound", ErrorCategory.ObjectNotFound, ReferenceId));
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.FromService(ex, ReferenceId));
        }
    }
}
