using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Deletes a Data Connection and all its data. Irreversible: it asks first unless -Force or -Confirm:$false.</summary>
[Cmdlet(VerbsCommon.Remove, "DataConnection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.RemoveDataConnection)]
[OutputType(typeof(void))]
public sealed class RemoveDataConnectionCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid[] ConnectionId { get; set; } = [];

    /// <summary>Delete without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        foreach (var id in ConnectionId)
        {
            var target = $"Data Connection {id} and all its data";
            if (!ShouldDelete(target, Force))
            {
                continue;
            }

            try
            {
                Await(session.Client.DeleteConnectionAsync(id, CancellationToken));
                session.Forget(id);
                WriteVerbose($"Deleted Data Connection {id}.");
            }
            catch (ServiceException ex)
            {
                WriteError(ErrorRecords.ForConnection(ex, id));
            }
        }
    }
}
