using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Links a Data Connection to a campaign resource on a channel.</summary>
[Cmdlet(VerbsCommon.Add, "DCReference", SupportsShouldProcess = true, HelpUri = HelpLinks.AddDCReference)]
[OutputType(typeof(Reference))]
public sealed class AddDCReferenceCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

    /// <summary>The channel: mail, sms, banner, or another the service knows.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("ReferenceType", "reference_type")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ChannelCompleter))]
    public string Channel { get; set; } = string.Empty;

    /// <summary>The resource's id on that channel, such as a template or campaign id.</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("ReferenceId", "reference_id")]
    [ValidateNotNullOrEmpty]
    public string ResourceId { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Data Connection {ConnectionId}", $"Link to {Channel} resource '{ResourceId}'"))
        {
            return;
        }

        var session = ResolveSession();
        try
        {
            WriteObject(Await(session.Client.AddReferenceAsync(ConnectionId, Channel, ResourceId, CancellationToken)));
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.ForConnection(ex, ConnectionId));
        }
    }
}
