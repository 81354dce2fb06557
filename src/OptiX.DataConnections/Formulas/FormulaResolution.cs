namespace OptiX.DataConnections.Formulas;

/// <summary>What a formula gave when it was evaluated as a campaign would, and why.</summary>
public sealed class FormulaResolution
{
    internal FormulaResolution(
        DataConnectionFormula formula,
        ResolutionReason reason,
        string? value,
        bool usedFallback,
        string? primaryKey,
        IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<string> missingTags,
        string? error)
    {
        Formula = formula;
        Reason = reason;
        Value = value;
        UsedFallback = usedFallback;
        PrimaryKey = primaryKey;
        Parameters = parameters;
        MissingTags = missingTags;
        Error = error;
    }

    public DataConnectionFormula Formula { get; }

    /// <summary>
    /// The field's value as text (strings as they are, numbers and booleans as in JSON, objects and arrays as compact
    /// JSON), or the fallback; null when the lookup failed and the formula has no fallback, or a tag had no value.
    /// </summary>
    public string? Value { get; }

    public bool UsedFallback { get; }

    public ResolutionReason Reason { get; }

    /// <summary>The key that was looked up, tags replaced; null when a tag had no value.</summary>
    public string? PrimaryKey { get; }

    /// <summary>The placeholder values sent with the query, tags replaced.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Tags without a value (<see cref="ResolutionReason.MissingTag"/>).</summary>
    public IReadOnlyList<string> MissingTags { get; }

    /// <summary>The failure behind <see cref="ResolutionReason.ExternalApiFailed"/>.</summary>
    public string? Error { get; }

    /// <summary>One sentence on what happened, for -Verbose.</summary>
    public string Explanation => Reason switch
    {
        ResolutionReason.Found =>
            $"Found: the record with key '{PrimaryKey}' has '{Formula.ReturnField}' = '{Value}'.",
        ResolutionReason.RecordNotFound =>
            $"No record with key '{PrimaryKey}' in Data Connection {Formula.ConnectionId}; {FallbackClause}.",
        ResolutionReason.FieldMissing =>
            $"The record with key '{PrimaryKey}' has no value for '{Formula.ReturnField}'; {FallbackClause}.",
        ResolutionReason.ExternalApiFailed =>
            $"The lookup of key '{PrimaryKey}' failed ({Error}); {FallbackClause}.",
        _ =>
            $"No value for {string.Join(", ", MissingTags.Select(FormulaTags.Format))}; nothing was looked up.",
    };

    public override string ToString() => Value ?? string.Empty;

    private string FallbackClause => UsedFallback
        ? $"used the fallback '{Value}'"
        : "the formula has no fallback, so there is no value";
}
