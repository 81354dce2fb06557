using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Removes a link from a Data Connection to a campaign resource.</summary>
[Cmdlet(VerbsCommon.Remove, "DCReference", SupportsShouldProcess = true, HelpUri = HelpLinks.RemoveDCReference)]
[OutputType(typeof(void))]
public sealed class RemoveDCReferenceCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    /// <summary>The reference's own id (the API's reference_uuid), as Get-DCReference and Add-DCReference output it.</summary>
    [Alias("reference_uuid")]
    public Guid ReferenceUuid { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Reference {ReferenceUuid} of Data Connection {ConnectionId}", "Remove"))
        {
            return;
        }

        var session = ResolveSession();
        try
        {
            Await(session.Client.RemoveReferenceAsync(ConnectionId, ReferenceUuid, CancellationToken));
        }
        catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
        {
            WriteError(ErrorRecords.Create($"Reference '{ReferenceUuid}' of Data Connection '{ConnectionId}' was not found.", "ReferenceNotFound", ErrorCategory.ObjectNotFound, ReferenceUuid));
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.FromService(ex, ReferenceUuid));
        }
    }
}
