namespace OptiX.DataConnections.Formulas;

/// <summary>
/// The checks the parser and the builder share. Each returns null when the part is fine, else a clause that says what
/// is wrong (<see cref="Empty"/> for an empty part), which the caller puts after the part's name.
/// </summary>
internal static class FormulaRules
{
    public const string Prefix = "DC_";
    public const char SegmentSeparator = ':';
    public const char ParameterSeparator = '&';
    public const char NameValueSeparator = '=';
    public const string Shape = "DC_{UUID}:{primary_key}:{API_parameters}:{return_field}:{fallback_value}";
    public const string Empty = "is empty";

    public static string NameOf(FormulaPart part) => part switch
    {
        FormulaPart.Connection => "connection",
        FormulaPart.PrimaryKey => "primary key",
        FormulaPart.Parameters => "API parameters",
        FormulaPart.ReturnField => "return field",
        FormulaPart.Fallback => "fallback",
        _ => "formula",
    };

    /// <summary>Segment 1: <c>DC_</c> (upper case) and a UUID in the D form.</summary>
    public static string? ConnectionProblem(string segment, out Guid connectionId)
    {
        connectionId = Guid.Empty;
        if (segment.Length == 0)
        {
            return Empty;
        }

        if (!segment.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return segment.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
                ? $"must start with '{Prefix}' in upper case"
                : $"must start with '{Prefix}' followed by the Data Connection UUID";
        }

        var uuid = segment.Substring(Prefix.Length);
        // Guid parsing forgives surrounding white space; a formula does not (the D form is exactly 36 characters).
        return uuid.Length == 36 && Guid.TryParseExact(uuid, "D", out connectionId)
            ? null
            : $"'{uuid}' is not a valid Data Connection UUID (expected the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)";
    }

    /// <summary>Segment 2: not blank; any tag in it well formed.</summary>
    public static string? PrimaryKeyProblem(string key) =>
        key.Trim().Length == 0 ? Empty : FormulaTags.Problem(key);

    /// <summary>Segment 4: not blank; a dotted path has no empty step.</summary>
    public static string? ReturnFieldProblem(string field)
    {
        if (field.Trim().Length == 0)
        {
            return Empty;
        }

        return field.Split('.').Any(step => step.Length == 0)
            ? "has an empty step in its path (use '.' only between field names, as in 'address.city')"
            : null;
    }

    /// <summary>Segment 3, once split into pairs: names present and unique, tags in values well formed.</summary>
    public static string? ParametersProblem(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            var name = pairs[i].Key;
            if (name.Trim().Length == 0)
            {
                return $"parameter {i + 1} ('{pairs[i].Key}={pairs[i].Value}') has no name";
            }

            if (!seen.Add(name))
            {
                return $"the parameter name '{name}' appears more than once";
            }

            var tagProblem = FormulaTags.Problem(pairs[i].Value);
            if (tagProblem is not null)
            {
                return $"the value of '{name}': {tagProblem}";
            }
        }

        return null;
    }

    /// <summary>The message for a problem with a segment of a parsed formula.</summary>
    public static string SegmentMessage(FormulaPart part, string segment, string problem) =>
        problem == Empty
            ? $"Segment {(int)part} ({NameOf(part)}) is empty."
            : $"Segment {(int)part} ({NameOf(part)}) '{segment}': {problem}.";
}
