namespace OptiX.DataConnections.Formulas;

/// <summary>
/// A formula, or a part given to <see cref="FormulaBuilder"/>, that cannot be used. The message names the segment or
/// part and says what is wrong with it.
/// </summary>
public sealed class FormulaException : ArgumentException
{
    public FormulaException(string message, FormulaPart part, string? value, string? formula = null)
        : base(message)
    {
        Part = part;
        Value = value;
        Formula = formula;
    }

    /// <summary>The segment or part at fault; <see cref="FormulaPart.Formula"/> when the whole text is (empty, wrong segment count).</summary>
    public FormulaPart Part { get; }

    /// <summary>The segment number (1 to 5), or null for the whole formula.</summary>
    public int? Segment => Part == FormulaPart.Formula ? null : (int)Part;

    /// <summary>The text of the offending segment or part, as given.</summary>
    public string? Value { get; }

    /// <summary>The formula text that was parsed; null when the error came from <see cref="FormulaBuilder"/>.</summary>
    public string? Formula { get; }
}
