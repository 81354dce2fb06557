using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Creates a Data Connection.</summary>
[Cmdlet(VerbsCommon.New, "DataConnection", SupportsShouldProcess = true)]
[OutputType(typeof(Connection))]
public sealed class NewDataConnectionCommand : DCCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The field that identifies a record. It cannot be changed later.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string PrimaryKey { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Data Connection '{Name}' keyed by '{PrimaryKey}'", "Create"))
        {
            return;
        }

        var session = ResolveSession();
        var definition = new ConnectionDefinition { Name = Name, PrimaryKey = PrimaryKey, Description = Description };
        try
        {
            var connection = Await(session.Client.CreateConnectionAsync(definition, CancellationToken));
            session.Remember(connection);
            WriteObject(connection);
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.FromService(ex, definition, ex.Kind == ServiceErrorKind.Unauthorized ? null : "CreateConnectionFailed"));
        }
    }
}
