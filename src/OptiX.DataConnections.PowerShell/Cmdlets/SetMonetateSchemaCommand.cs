using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Sets a schema's Identifier Name (<c>PATCH /schema/{name}/</c> with <c>named_identifier</c>): Monetate refuses a
/// dataset's data until it has one.
/// </summary>
[Cmdlet(VerbsCommon.Set, "MonetateSchema", SupportsShouldProcess = true, HelpUri = HelpLinks.SetMonetateSchema)]
[OutputType(typeof(MonetateSchema))]
public sealed class SetMonetateSchemaCommand : MonetateCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(MonetateSchemaCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>The Identifier Name that links the dataset to ID Collectors: letters, digits and '_'.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string NamedIdentifier { get; set; } = string.Empty;

    /// <summary>Write the schema as it is after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            if (!ShouldProcess($"Schema '{name}'", $"Set the Identifier Name to '{NamedIdentifier}'"))
            {
                continue;
            }

            var session = ResolveSession();
            try
            {
                var schema = Await(session.Client.SetNamedIdentifierAsync(name, NamedIdentifier, CancellationToken));
                session.Remember(schema.Name);
                WriteVerbose($"Schema '{name}' has the Identifier Name '{NamedIdentifier}'.");
                if (PassThru)
                {
                    WriteObject(schema);
                }
            }
            catch (ServiceException ex)
            {
                WriteError(ex.Kind == ServiceErrorKind.NotFound ? SchemaNotFound(name) : ServiceError(ex, name, ex.Kind == ServiceErrorKind.InvalidRequest ? "InvalidSchema" : null));
            }
        }
    }
}
