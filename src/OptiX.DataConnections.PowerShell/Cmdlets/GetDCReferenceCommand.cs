using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Lists the links from a Data Connection to campaign resources.</summary>
[Cmdlet(VerbsCommon.Get, "DCReference", HelpUri = HelpLinks.GetDCReference)]
[OutputType(typeof(Reference))]
public sealed class GetDCReferenceCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid[] ConnectionId { get; set; } = [];

    /// <summary>Only links on this channel (mail, sms, banner...).</summary>
    [Parameter]
    [Alias("ReferenceType", "reference_type")]
    [ArgumentCompleter(typeof(ChannelCompleter))]
    public string? Channel { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        foreach (var id in ConnectionId)
        {
            try
            {
                foreach (var reference in Await(session.Client.GetReferencesAsync(id, CancellationToken)))
                {
                    if (Channel is null || string.Equals(reference.Channel, Channel, StringComparison.OrdinalIgnoreCase))
                    {
                        WriteObject(reference);
                    }
                }
            }
            catch (ServiceException ex)
            {
                WriteError(ErrorRecords.ForConnection(ex, id));
            }
        }
    }
}
