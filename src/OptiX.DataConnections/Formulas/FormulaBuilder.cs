namespace OptiX.DataConnections.Formulas;

/// <summary>
/// Builds a formula from its parts. A formula has no escaping, so a part that contains a separator is refused, never
/// escaped: <c>:</c> anywhere, and <c>&amp;</c> or <c>=</c> in a parameter name or value. The other rules are the
/// parser's (<see cref="FormulaParser"/>), so what is built always parses back to an equal formula. An empty fallback
/// is the same as none, and a fallback may not end with white space (the parser ignores white space around the text).
/// </summary>
public sealed class FormulaBuilder
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public FormulaBuilder(Guid connectionId, string primaryKey, string returnField)
    {
        ConnectionId = connectionId;
        PrimaryKey = primaryKey;
        ReturnField = returnField;
    }

    public Guid ConnectionId { get; set; }

    public string PrimaryKey { get; set; }

    public string ReturnField { get; set; }

    public string? Fallback { get; set; }

    /// <summary>The parameters added so far, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    /// <summary>Builds in one call; see <see cref="Build"/>.</summary>
    public static DataConnectionFormula Create(
        Guid connectionId,
        string primaryKey,
        string returnField,
        IEnumerable<KeyValuePair<string, string>>? parameters = null,
        string? fallback = null)
    {
        var builder = new FormulaBuilder(connectionId, primaryKey, returnField) { Fallback = fallback };
        if (parameters is not null)
        {
            foreach (var parameter in parameters)
            {
                builder.WithParameter(parameter.Key, parameter.Value);
            }
        }

        return builder.Build();
    }

    public FormulaBuilder WithParameter(string name, string value)
    {
        _parameters.Add(new KeyValuePair<string, string>(name ?? string.Empty, value ?? string.Empty));
        return this;
    }

    public FormulaBuilder WithFallback(string? fallback)
    {
        Fallback = fallback;
        return this;
    }

    /// <summary>The formula; a <see cref="FormulaException"/> naming the first part that cannot be written.</summary>
    public DataConnectionFormula Build()
    {
        var key = PrimaryKey ?? string.Empty;
        Check(FormulaPart.PrimaryKey, "The primary key", key, [FormulaRules.SegmentSeparator]);
        Check(FormulaPart.PrimaryKey, "The primary key", key, FormulaRules.PrimaryKeyProblem(key));

        foreach (var parameter in _parameters)
        {
            char[] separators = [FormulaRules.SegmentSeparator, FormulaRules.ParameterSeparator, FormulaRules.NameValueSeparator];
            Check(FormulaPart.Parameters, "The API parameter name", parameter.Key, separators);
            Check(FormulaPart.Parameters, $"The value of API parameter '{parameter.Key}'", parameter.Value, separators);
        }

        var problem = FormulaRules.ParametersProblem(_parameters);
        if (problem is not null)
        {
            throw new FormulaException($"The API parameters: {problem}.", FormulaPart.Parameters, string.Join("&", _parameters.Select(p => p.Key + "=" + p.Value)));
        }

        var field = ReturnField ?? string.Empty;
        Check(FormulaPart.ReturnField, "The return field", field, [FormulaRules.SegmentSeparator]);
        Check(FormulaPart.ReturnField, "The return field", field, FormulaRules.ReturnFieldProblem(field));

        if (Fallback is not null)
        {
            Check(FormulaPart.Fallback, "The fallback", Fallback, [FormulaRules.SegmentSeparator]);
            if (Fallback.Length > 0 && char.IsWhiteSpace(Fallback[Fallback.Length - 1]))
            {
                throw new FormulaException(
                    $"The fallback '{Fallback}' ends with white space, which is lost when the formula is read (white space around a formula is ignored).",
                    FormulaPart.Fallback,
                    Fallback);
            }
        }

        return new DataConnectionFormula(ConnectionId, key, new FormulaParameters([.. _parameters]), field, Fallback);
    }

    private static void Check(FormulaPart part, string subject, string value, char[] separators)
    {
        foreach (var separator in separators)
        {
            if (value.IndexOf(separator) >= 0)
            {
                throw new FormulaException(
                    $"{subject} '{value}' contains '{separator}', which {Role(separator)}. A formula has no escaping, so remove it from the {FormulaRules.NameOf(part)}.",
                    part,
                    value);
            }
        }
    }

    private static void Check(FormulaPart part, string subject, string value, string? problem)
    {
        if (problem is not null)
        {
            throw new FormulaException(
                problem == FormulaRules.Empty ? $"{subject} is empty." : $"{subject} '{value}': {problem}.",
                part,
                value);
        }
    }

    private static string Role(char separator) => separator switch
    {
        FormulaRules.SegmentSeparator => "separates the segments of a formula",
        FormulaRules.ParameterSeparator => "joins API parameters",
        _ => "separates an API parameter's name from its value",
    };
}
