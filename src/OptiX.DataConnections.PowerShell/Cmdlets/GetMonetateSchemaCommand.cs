using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Gets dataset schemas: all of them, or those whose names match.</summary>
[Cmdlet(VerbsCommon.Get, "MonetateSchema", HelpUri = HelpLinks.GetMonetateSchema)]
[OutputType(typeof(MonetateSchema))]
public sealed class GetMonetateSchemaCommand : MonetateCmdlet
{
    /// <summary>Schema names; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(MonetateSchemaCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        if (Name is null || Name.Any(WildcardPattern.ContainsWildcardCharacters))
        {
            IReadOnlyList<MonetateSchema> all;
            try
            {
                all = Await(session.Client.GetSchemasAsync(CancellationToken));
            }
            catch (ServiceException ex)
            {
                ThrowTerminatingError(ServiceError(ex, session.Retailer));
                return;
            }

            foreach (var schema in all)
            {
                session.Remember(schema.Name);
            }

            var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            foreach (var schema in all.Where(s => patterns is null || patterns.Any(p => p.IsMatch(s.Name))))
            {
                WriteObject(schema);
            }

            ReportUnmatched(all);
            return;
        }

        foreach (var name in Name)
        {
            try
            {
                var schema = Await(session.Client.GetSchemaAsync(name, CancellationToken));
                session.Remember(schema.Name);
                WriteObject(schema);
            }
            catch (ServiceException ex)
            {
                WriteError(SchemaError(ex, name));
            }
        }
    }

    private void ReportUnmatched(IReadOnlyList<MonetateSchema> all)
    {
        foreach (var name in Name ?? [])
        {
            if (!WildcardPattern.ContainsWildcardCharacters(name) && !all.Any(s => string.Equals(s.Name, name, StringComparison.Ordinal)))
            {
                WriteError(SchemaNotFound(name));
            }
        }
    }
}
