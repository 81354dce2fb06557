using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using OptiX.DataConnections.Formulas;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Writes a Data Connection formula, <c>DC_{UUID}:{primary_key}:{API_parameters}:{return_field}:{fallback_value}</c>,
/// for a campaign. A part that would break the formula (a <c>:</c>, or <c>&amp;</c>/<c>=</c> in a parameter) is refused.
/// </summary>
[Cmdlet(VerbsCommon.New, "DCFormula", HelpUri = HelpLinks.NewDCFormula)]
[OutputType(typeof(string))]
public sealed class NewDCFormulaCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "data_connection_uuid")]
    [ArgumentCompleter(typeof(ConnectionIdCompleter))]
    public Guid ConnectionId { get; set; }

    /// <summary>The key to look up, usually a personalization tag such as '[%CUSTOMER_ID%]'.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Key")]
    public string PrimaryKey { get; set; } = string.Empty;

    /// <summary>Values for an API-based connection's placeholders; [ordered] keeps its order, a hashtable is sorted by name.</summary>
    [Parameter]
    public IDictionary? Parameter { get; set; }

    /// <summary>The field to return; 'a.b' reaches into a nested object.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [Alias("Field")]
    public string ReturnField { get; set; } = string.Empty;

    /// <summary>The value to show when the lookup fails; omitted or empty means none.</summary>
    [Parameter(Position = 3)]
    public string? Fallback { get; set; }

    protected override void ProcessRecord()
    {
        var builder = new FormulaBuilder(ConnectionId, PrimaryKey, ReturnField) { Fallback = Fallback };
        foreach (var parameter in ParametersInOrder())
        {
            builder.WithParameter(parameter.Key, parameter.Value);
        }

        try
        {
            WriteObject(builder.Build().Text);
        }
        catch (FormulaException ex)
        {
            // The message names the part and what to change in it.
            WriteError(new ErrorRecord(ex, "InvalidFormulaPart", ErrorCategory.InvalidArgument, ex.Value));
        }
    }

    private IEnumerable<KeyValuePair<string, string>> ParametersInOrder()
    {
        if (Parameter is null)
        {
            return [];
        }

        var pairs = Parameter.Cast<DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>(
                FormulaValues.ToText(Unwrap(e.Key)) ?? string.Empty,
                FormulaValues.ToText(Unwrap(e.Value)) ?? string.Empty));
        return Parameter is IOrderedDictionary ? pairs.ToList() : pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
