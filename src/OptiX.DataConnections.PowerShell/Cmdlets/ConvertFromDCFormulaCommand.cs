using System.Management.Automation;
using OptiX.DataConnections.Formulas;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Reads Data Connection formulas into their parts; a malformed one is an error that names the bad segment.</summary>
[Cmdlet(VerbsData.ConvertFrom, "DCFormula", HelpUri = HelpLinks.ConvertFromDCFormula)]
[OutputType(typeof(DataConnectionFormula))]
public sealed class ConvertFromDCFormulaCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] Formula { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var text in Formula)
        {
            if (FormulaParser.TryParse(text, out var formula, out var error))
            {
                WriteObject(formula);
            }
            else
            {
                WriteError(InvalidFormula(error!, text));
            }
        }
    }

    internal static ErrorRecord InvalidFormula(FormulaException error, object? target) =>
        new(error, "InvalidFormula", ErrorCategory.InvalidData, target)
        {
            ErrorDetails = new ErrorDetails($"Invalid Data Connection formula '{target}': {error.Message}")
            {
                RecommendedAction = "Write it as DC_{UUID}:{primary_key}:{API_parameters}:{return_field}:{fallback_value}, for example DC_9ce27b8c-8b16-427a-8d00-f40b816bc092:[%CUSTOMER_ID%]::product_url:default_url.",
            },
        };
}
