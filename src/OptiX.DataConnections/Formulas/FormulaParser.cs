namespace OptiX.DataConnections.Formulas;

/// <summary>
/// Reads <c>DC_{UUID}:{primary_key}:{API_parameters}:{return_field}:{fallback_value}</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>White space around the whole text is ignored (so a fallback cannot end with white space); the text is split on every <c>:</c>. There is no escaping, so no
/// segment can contain <c>:</c> (a fallback URL such as <c>https://...</c> cannot be written).</item>
/// <item>Five segments, the fifth (fallback) possibly empty; four segments are accepted too and mean no fallback. An
/// empty fallback and no fallback are the same (<see cref="DataConnectionFormula.Fallback"/> is null), and
/// <see cref="DataConnectionFormula.ToString"/> always writes five segments.</item>
/// <item>Segment 1 is <c>DC_</c> (upper case) and the connection's UUID in the D form (<c>8-4-4-4-12</c> hex digits).</item>
/// <item>Segment 2, the primary key, is not blank. Segment 3 is empty or <c>name=value</c> pairs joined by <c>&amp;</c>:
/// every pair has exactly one <c>=</c> and a name, names are unique (ordinal), values may be empty.</item>
/// <item>Segment 4, the return field, is not blank; <c>a.b</c> is a path into nested objects and has no empty step.</item>
/// <item>In the primary key and the parameter values every <c>[%</c> must open a well-formed tag <c>[%NAME%]</c>
/// (letters, digits, <c>_</c>).</item>
/// </list>
/// Errors are <see cref="FormulaException"/>s whose message names the segment, its number and its text.
/// </remarks>
public static class FormulaParser
{
    public static DataConnectionFormula Parse(string text) =>
        TryParse(text, out var formula, out var error) ? formula! : throw error!;

    public static bool TryParse(string? text, out DataConnectionFormula? formula) => TryParse(text, out formula, out _);

    public static bool TryParse(string? text, out DataConnectionFormula? formula, out FormulaException? error)
    {
        formula = null;
        error = Read(text, ref formula);
        return error is null;
    }

    private static FormulaException? Read(string? original, ref DataConnectionFormula? formula)
    {
        var text = original?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return new FormulaException(
                $"The formula is empty; expected {FormulaRules.Shape}.", FormulaPart.Formula, original, original);
        }

        var segments = text.Split(FormulaRules.SegmentSeparator);
        if (segments.Length is < 4 or > 5)
        {
            var hint = segments.Length > 5
                ? " A segment cannot contain ':' (there is no escaping)."
                : string.Empty;
            return new FormulaException(
                $"Expected 5 segments separated by ':' ({FormulaRules.Shape}; the fallback may be empty) but found {segments.Length}.{hint}",
                FormulaPart.Formula,
                text,
                original);
        }

        FormulaException Fail(FormulaPart part, string problem) =>
            new(FormulaRules.SegmentMessage(part, segments[(int)part - 1], problem), part, segments[(int)part - 1], original);

        var problem = FormulaRules.ConnectionProblem(segments[0], out var connectionId);
        if (problem is not null)
        {
            return Fail(FormulaPart.Connection, problem);
        }

        problem = FormulaRules.PrimaryKeyProblem(segments[1]);
        if (problem is not null)
        {
            return Fail(FormulaPart.PrimaryKey, problem);
        }

        problem = ReadParameters(segments[2], out var pairs) ?? FormulaRules.ParametersProblem(pairs);
        if (problem is not null)
        {
            return Fail(FormulaPart.Parameters, problem);
        }

        problem = FormulaRules.ReturnFieldProblem(segments[3]);
        if (problem is not null)
        {
            return Fail(FormulaPart.ReturnField, problem);
        }

        var fallback = segments.Length == 5 ? segments[4] : null;
        formula = new DataConnectionFormula(connectionId, segments[1], new FormulaParameters(pairs), segments[3], fallback);
        return null;
    }

    /// <summary>Splits <c>a=1&amp;b=2</c> into pairs; the problem when a pair is empty or has no or several <c>=</c>.</summary>
    private static string? ReadParameters(string segment, out List<KeyValuePair<string, string>> pairs)
    {
        pairs = [];
        if (segment.Length == 0)
        {
            return null;
        }

        var items = segment.Split(FormulaRules.ParameterSeparator);
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item.Length == 0)
            {
                return $"parameter {i + 1} is empty (look for a doubled, leading or trailing '&')";
            }

            var equals = item.IndexOf(FormulaRules.NameValueSeparator);
            if (equals < 0)
            {
                return $"parameter {i + 1} ('{item}') has no '=' (write name=value, and join several with '&')";
            }

            if (item.IndexOf(FormulaRules.NameValueSeparator, equals + 1) >= 0)
            {
                return $"parameter {i + 1} ('{item}') has more than one '='";
            }

            pairs.Add(new KeyValuePair<string, string>(item.Substring(0, equals), item.Substring(equals + 1)));
        }

        return null;
    }
}
