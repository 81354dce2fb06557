using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// Converts a record's value, often a CSV string, to what a schema field's data type accepts: NUMBER a JSON number
/// (invariant culture, no thousands separators), BOOLEAN true/false (also 1/0, yes/no), DATETIME an ISO-8601 string,
/// STRING a non-empty string without surrounding white space. An empty value is null. A value that does not fit is
/// refused with the reason; nothing is guessed (no local date formats, no trimming of text).
/// </summary>
public static class MonetateValueConverter
{
    private static readonly Regex IsoDateTime = new(
        @"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Converts <paramref name="value"/> for <paramref name="dataType"/>; returns null when it fits, else why not.</summary>
    public static string? TryConvert(object? value, MonetateDataType dataType, out object? converted)
    {
        converted = null;
        if (value is null || (value is string blank && blank.Trim().Length == 0))
        {
            return null;
        }

        return dataType switch
        {
            MonetateDataType.Number => ToNumber(value, out converted),
            MonetateDataType.Boolean => ToBoolean(value, out converted),
            MonetateDataType.DateTime => ToDateTime(value, out converted),
            MonetateDataType.String => ToText(value, out converted),
            _ => "the field's data type is not one this module knows (STRING, NUMBER, DATETIME, BOOLEAN), so no value is sent for it",
        };
    }

    private static string? ToNumber(object value, out object? converted)
    {
        converted = null;
        switch (value)
        {
            case string text:
                text = text.Trim();
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                {
                    converted = whole;
                    return null;
                }

                // A decimal keeps 0.1 exact, but rounds 1e-30 to 0: then the double says it better.
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
                    && (exact != 0 || !HasNonZeroDigit(text)))
                {
                    converted = exact;
                    return null;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate) && IsFinite(approximate))
                {
                    converted = approximate;
                    return null;
                }

                return $"'{text}' is not a number (use digits, an optional sign, '.' for decimals, no thousands separators)";
            case double number:
                return FiniteOrProblem(number, out converted);
            case float number:
                return FiniteOrProblem(number, out converted);
            case decimal number:
                converted = number;
                return null;
            case BigInteger big:
                if (big >= long.MinValue && big <= long.MaxValue)
                {
                    converted = (long)big;
                    return null;
                }

                return big >= (BigInteger)decimal.MinValue && big <= (BigInteger)decimal.MaxValue
                    ? Accept((decimal)big, out converted)
                    : $"{big} is too large for a NUMBER";
            case bool:
                return "true/false is not a number";
            case byte or sbyte or short or ushort or int or uint or long:
                converted = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return null;
            case ulong number:
                converted = (decimal)number;
                return null;
            default:
                return $"a {value.GetType().Name} is not a number";
        }
    }

    private static string? ToBoolean(object value, out object? converted)
    {
        converted = null;
        switch (value)
        {
            case bool flag:
                converted = flag;
                return null;
            case string text:
                switch (text.Trim().ToLowerInvariant())
                {
                    case "true" or "1" or "yes":
                        converted = true;
                        return null;
                    case "false" or "0" or "no":
                        converted = false;
                        return null;
                    default:
                        return $"'{text}' is not a boolean (use true/false, 1/0 or yes/no)";
                }

            case byte or sbyte or short or ushort or int or uint or long or ulong:
                var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                if (number is 0 or 1)
                {
                    converted = number == 1;
                    return null;
                }

                return $"{number} is not a boolean (only 1 and 0 are)";
            default:
                return $"a {value.GetType().Name} is not a boolean";
        }
    }

    private static string? ToDateTime(object value, out object? converted)
    {
        converted = null;
        switch (value)
        {
            case DateTimeOffset instant:
                converted = instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
                return null;
            case DateTime instant:
                // "o" keeps what is known: Z for UTC, the offset for local time, nothing for an unspecified kind.
                converted = instant.ToString("o", CultureInfo.InvariantCulture);
                return null;
            case string text:
                text = text.Trim();
                if (IsoDateTime.IsMatch(text)
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                {
                    converted = text;
                    return null;
                }

                return $"'{text}' is not an ISO-8601 date or date-time (such as 2024-05-31 or 2024-05-31T14:30:00Z)";
            default:
                return $"a {value.GetType().Name} is not a date";
        }
    }

    private static string? ToText(object value, out object? converted)
    {
        converted = null;
        var text = value switch
        {
            string s => s,
            char c => c.ToString(),
            bool flag => flag ? "true" : "false",
            DateTime instant => instant.ToString("o", CultureInfo.InvariantCulture),
            DateTimeOffset instant => instant.ToString("o", CultureInfo.InvariantCulture),
            double number when IsFinite(number) => number.ToString("R", CultureInfo.InvariantCulture),
            float number when IsFinite(number) => number.ToString("R", CultureInfo.InvariantCulture),
            Guid or Enum or BigInteger or decimal or byte or sbyte or short or ushort or int or uint or long or ulong =>
                Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is null)
        {
            return $"a {value.GetType().Name} is not text";
        }

        if (text.Trim() != text)
        {
            return $"'{text}' has white space at its start or end, which Monetate does not accept in a STRING";
        }

        converted = text;
        return null;
    }

    private static string? FiniteOrProblem(double number, out object? converted)
    {
        converted = null;
        return IsFinite(number) ? Accept(number, out converted) : $"{number.ToString(CultureInfo.InvariantCulture)} is not a finite number";
    }

    private static string? Accept(object value, out object? converted)
    {
        converted = value;
        return null;
    }

    private static bool HasNonZeroDigit(string text)
    {
        var mantissa = text.Split('e', 'E')[0];
        return mantissa.Any(c => c is >= '1' and <= '9');
    }

    private static bool IsFinite(double number) => !double.IsNaN(number) && !double.IsInfinity(number);
}
