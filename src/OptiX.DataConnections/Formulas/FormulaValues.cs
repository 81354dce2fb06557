using System.Globalization;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Formulas;

/// <summary>How a value given for a tag or an API parameter is written into a formula's text.</summary>
public static class FormulaValues
{
    /// <summary>
    /// The text of a scalar, as a primary key would be written (<c>42</c>, <c>true</c>, <c>1.5</c>, a GUID in D form);
    /// null for null or <see cref="DBNull"/>; other values by their invariant string form.
    /// </summary>
    public static string? ToText(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return null;
            case string text:
                return text;
        }

        return PrimaryKeys.TryNormalize(value, out var key, out _)
            ? key
            : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
