using System.Globalization;

namespace OptiX.DataConnections.Formulas;

/// <summary>
/// A Data Connection formula, <c>DC_{UUID}:{primary_key}:{API_parameters}:{return_field}:{fallback_value}</c>, as a
/// campaign uses it to look a value up. Made only by <see cref="FormulaParser"/> and <see cref="FormulaBuilder"/>, so
/// every instance is valid and <see cref="ToString"/> gives text that parses back to an equal formula.
/// </summary>
public sealed class DataConnectionFormula : IEquatable<DataConnectionFormula>
{
    private readonly FormulaParameters _parameters;

    internal DataConnectionFormula(Guid connectionId, string primaryKey, FormulaParameters parameters, string returnField, string? fallback)
    {
        ConnectionId = connectionId;
        PrimaryKey = primaryKey;
        _parameters = parameters;
        ReturnField = returnField;
        Fallback = string.IsNullOrEmpty(fallback) ? null : fallback;

        var tags = new List<string>();
        FormulaTags.AddNames(primaryKey, tags);
        foreach (var value in parameters.Values)
        {
            FormulaTags.AddNames(value, tags);
        }

        TagNames = tags;
        Text = string.Join(
            FormulaRules.SegmentSeparator.ToString(),
            FormulaRules.Prefix + ConnectionId.ToString("D", CultureInfo.InvariantCulture),
            PrimaryKey,
            parameters.ToString(),
            ReturnField,
            Fallback ?? string.Empty);
    }

    /// <summary>The formula's text, always with five segments (the fifth empty when there is no fallback).</summary>
    public string Text { get; }

    public Guid ConnectionId { get; }

    /// <summary>The key to look up, often a personalization tag such as <c>[%CUSTOMER_ID%]</c>.</summary>
    public string PrimaryKey { get; }

    /// <summary>Values for the placeholders of an API-based connection, in the order written; empty when none.</summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    /// <summary>The field of the record to return; a dotted path (<c>address.city</c>) reaches into nested objects.</summary>
    public string ReturnField { get; }

    /// <summary>The value used when the lookup fails; null when the formula has none (an empty fifth segment).</summary>
    public string? Fallback { get; }

    /// <summary>Names of the personalization tags in the primary key and the parameter values, each once, in order.</summary>
    public IReadOnlyList<string> TagNames { get; }

    public bool UsesTags => TagNames.Count > 0;

    /// <summary>Parses formula text; see <see cref="FormulaParser.Parse"/>.</summary>
    public static DataConnectionFormula Parse(string text) => FormulaParser.Parse(text);

    public override string ToString() => Text;

    public bool Equals(DataConnectionFormula? other) =>
        other is not null
        && ConnectionId == other.ConnectionId
        && string.Equals(PrimaryKey, other.PrimaryKey, StringComparison.Ordinal)
        && _parameters.SequenceEquals(other._parameters)
        && string.Equals(ReturnField, other.ReturnField, StringComparison.Ordinal)
        && string.Equals(Fallback, other.Fallback, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DataConnectionFormula);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public static bool operator ==(DataConnectionFormula? left, DataConnectionFormula? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(DataConnectionFormula? left, DataConnectionFormula? right) => !(left == right);
}
