using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Deletes a schema and all its data. Irreversible: it asks first unless -Force or -Confirm:$false.</summary>
[Cmdlet(VerbsCommon.Remove, "MonetateSchema", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.RemoveMonetateSchema)]
[OutputType(typeof(void))]
public sealed class RemoveMonetateSchemaCommand : MonetateCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(MonetateSchemaCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Delete without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        foreach (var name in Name)
        {
            if (!ShouldDelete($"Schema '{name}' and all its data", Force))
            {
                continue;
            }

            try
            {
                Await(session.Client.DeleteSchemaAsync(name, CancellationToken));
                session.Forget(name);
                WriteVerbose($"Deleted schema '{name}'.");
            }
            catch (ServiceException ex)
            {
                WriteError(SchemaError(ex, name));
            }
        }
    }
}
