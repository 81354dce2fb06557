using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Adds fields to an existing schema (what the Data API allows for customer attribute datasets). Fields piped in
/// are added together, in one request, at the end.
/// </summary>
[Cmdlet(VerbsCommon.Add, "MonetateSchemaField", SupportsShouldProcess = true, DefaultParameterSetName = OneFieldSet, HelpUri = HelpLinks.AddMonetateSchemaField)]
[OutputType(typeof(MonetateSchema))]
public sealed class AddMonetateSchemaFieldCommand : MonetateCmdlet
{
    private const string OneFieldSet = "Field";
    private const string TableSet = "Table";

    private readonly List<MonetateField> _fields = [];

    // An int, not the core's enum: see SendMonetateDataCommand.
    private int _dataType;

    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(MonetateSchemaCompleter))]
    public string Schema { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = OneFieldSet)]
    [Alias("FieldName")]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = OneFieldSet)]
    [Alias("data_type")]
    [MonetateDataTypeTransformation]
    public MonetateDataType DataType
    {
        get => (MonetateDataType)_dataType;
        set => _dataType = (int)value;
    }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OneFieldSet)]
    public SwitchParameter Required { get; set; }

    /// <summary>Several fields at once, e.g. @{ tier = 'STRING'; points = 'NUMBER' }.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TableSet)]
    public IDictionary? Field { get; set; }

    /// <summary>Write the schema as it is after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            if (Field is not null)
            {
                _fields.AddRange(MonetateFieldTable.Read(Field).Select(f => new MonetateField(f.Name, f.DataType)));
                return;
            }

            if (DataType == MonetateDataType.Unknown)
            {
                throw new ArgumentException($"'Unknown' is not a data type a field can be given; use one of {string.Join(", ", MonetateDataTypes.KnownNames)}.");
            }

            _fields.Add(new MonetateField(Name, DataType, Required));
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidField", ErrorCategory.InvalidArgument, Field ?? (object)Name));
        }
    }

    protected override void EndProcessing()
    {
        if (_fields.Count == 0 || !ShouldProcess($"Schema '{Schema}'", $"Add field(s) {string.Join(", ", _fields)}"))
        {
            return;
        }

        var session = ResolveSession();
        try
        {
            var schema = Await(session.Client.AddFieldsAsync(Schema, _fields, CancellationToken));
            WriteVerbose($"Schema '{Schema}' now has {schema.Fields.Count} field(s).");
            if (PassThru)
            {
                WriteObject(schema);
            }
        }
        catch (ServiceException ex)
        {
            ThrowTerminatingError(SchemaError(ex, Schema));
        }
    }
}
