using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.Formulas;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Evaluates formulas as a campaign would, with the given tag values: the field's value, or the fallback when the
/// record or the field is missing or the lookup fails. -Verbose says which; -ValueOnly writes just the value.
/// </summary>
[Cmdlet(VerbsDiagnostic.Resolve, "DCFormula", HelpUri = HelpLinks.ResolveDCFormula)]
[OutputType(typeof(FormulaResolution), typeof(string))]
public sealed class ResolveDCFormulaCommand : DCCmdlet
{
    private Dictionary<string, object?>? _tags;
    private FormulaResolver? _resolver;

    /// <summary>Formula text, or DataConnectionFormula objects from ConvertFrom-DCFormula.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object[] Formula { get; set; } = [];

    /// <summary>Tag values by name, for example @{ CUSTOMER_ID = 42 } for [%CUSTOMER_ID%]; names are case-insensitive.</summary>
    [Parameter(Position = 1)]
    public IDictionary? Tag { get; set; }

    /// <summary>Writes only the value (a string, or $null when there is neither value nor fallback).</summary>
    [Parameter]
    public SwitchParameter ValueOnly { get; set; }

    protected override void BeginProcessing()
    {
        _tags = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in Tag ?? new Hashtable())
        {
            var name = Convert.ToString(Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            _tags[name] = Unwrap(entry.Value);
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var item in Formula)
        {
            var formula = Read(Unwrap(item));
            if (formula is not null)
            {
                Resolve(formula);
            }
        }
    }

    private DataConnectionFormula? Read(object? item)
    {
        if (item is DataConnectionFormula formula)
        {
            return formula;
        }

        if (item is not string text)
        {
            WriteError(ErrorRecords.Create(
                $"-Formula takes formula text or DataConnectionFormula objects, not {item?.GetType().Name ?? "null"}.",
                "InvalidFormula",
                ErrorCategory.InvalidArgument,
                item));
            return null;
        }

        if (FormulaParser.TryParse(text, out var parsed, out var error))
        {
            return parsed;
        }

        WriteError(ConvertFromDCFormulaCommand.InvalidFormula(error!, text));
        return null;
    }

    private void Resolve(DataConnectionFormula formula)
    {
        _resolver ??= new FormulaResolver(ResolveSession().Client);
        FormulaResolution resolution;
        try
        {
            resolution = Await(_resolver.ResolveAsync(formula, _tags, CancellationToken));
        }
        catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.Unauthorized)
        {
            ThrowTerminatingError(ErrorRecords.FromService(ex, formula.Text));
            return;
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.ForConnection(ex, formula.ConnectionId));
            return;
        }

        if (resolution.Reason == ResolutionReason.MissingTag)
        {
            var tags = string.Join(", ", resolution.MissingTags.Select(FormulaTags.Format));
            var example = resolution.MissingTags[0];
            WriteError(ErrorRecords.Create(
                $"The formula '{formula.Text}' uses {tags}, but -Tag gives no value for {(resolution.MissingTags.Count == 1 ? "it" : "them")}.",
                "MissingTag",
                ErrorCategory.InvalidArgument,
                formula.Text,
                $"Add it to -Tag, for example -Tag @{{ {example} = '...' }}."));
            return;
        }

        WriteVerbose($"{formula.Text}: {resolution.Explanation}");
        WriteObject(ValueOnly ? resolution.Value : resolution);
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
