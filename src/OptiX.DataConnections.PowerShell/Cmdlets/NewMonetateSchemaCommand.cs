using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Creates a dataset schema. Monetate advises creating customer attribute schemas in its UI; this serves rehearsals
/// on the emulator and the dataset types the API supports.
/// </summary>
[Cmdlet(VerbsCommon.New, "MonetateSchema", SupportsShouldProcess = true, HelpUri = HelpLinks.NewMonetateSchema)]
[OutputType(typeof(MonetateSchema))]
public sealed class NewMonetateSchemaCommand : MonetateCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Field names and data types, e.g. @{ customer_id = 'STRING'; lifetime_value = 'NUMBER' } (an ordered hashtable keeps their order).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public IDictionary Field { get; set; } = new Hashtable();

    /// <summary>The field that identifies a record (exactly one).</summary>
    [Parameter(Mandatory = true)]
    public string Identifier { get; set; } = string.Empty;

    /// <summary>The field whose value replaces an earlier row with the same value; without one every row is new.</summary>
    [Parameter]
    public string? UniqueKey { get; set; }

    /// <summary>The DATETIME field that holds when an event happened (required for -Type event).</summary>
    [Parameter]
    public string? EventTime { get; set; }

    /// <summary>Fields every row must have.</summary>
    [Parameter]
    public string[] Required { get; set; } = [];

    /// <summary>The Identifier Name that links the dataset to ID Collectors; a dataset cannot be used without one.</summary>
    [Parameter]
    public string? NamedIdentifier { get; set; }

    /// <summary>attribute (customer attributes), event, product, ...</summary>
    [Parameter]
    public string Type { get; set; } = "attribute";

    protected override void EndProcessing()
    {
        MonetateSchema definition;
        try
        {
            var fields = MonetateFieldTable.Read(Field);
            foreach (var named in new[] { Identifier, UniqueKey, EventTime }.Concat(Required).Where(n => n is not null))
            {
                if (!fields.Any(f => f.Name == named))
                {
                    throw new ArgumentException($"'{named}' is not one of the fields given with -Field.");
                }
            }

            definition = new MonetateSchema(
                Name,
                Type,
                fields.Select(f => new MonetateField(f.Name, f.DataType, Required.Contains(f.Name) || f.Name == Identifier, f.Name == Identifier, f.Name == UniqueKey, f.Name == EventTime)).ToList(),
                NamedIdentifier);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidSchema", ErrorCategory.InvalidArgument, Field));
            return;
        }

        if (!ShouldProcess($"Schema '{Name}' with {definition.Fields.Count} field(s)", "Create"))
        {
            return;
        }

        var session = ResolveSession();
        try
        {
            var schema = Await(session.Client.CreateSchemaAsync(definition, CancellationToken));
            session.Remember(schema.Name);
            WriteObject(schema);
        }
        catch (ServiceException ex)
        {
            ThrowTerminatingError(ServiceError(ex, Name, ex.Kind == ServiceErrorKind.InvalidRequest ? "InvalidSchema" : null));
        }
    }
}
