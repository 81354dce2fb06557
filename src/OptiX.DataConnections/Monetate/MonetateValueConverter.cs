using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// Converts a record's value, often a CSV string, to what a schema field's data type accepts: NUMBER a JSON number
/// (invariant culture, no thousands separators), BOOLEAN true/false (also 1/0, yes/no), DATETIME an ISO-8601 string,
/// STRING and GOOGLE_PRODUCT_CATEGORY a non-empty string without surrounding white space, MULTI_STRING one
/// comma-separated string (a list is joined into it, an element holding a comma or a quote is quoted; a string is
/// taken as it stands and checked). A type this module does not know gets the value as given (text, number or
/// true/false), for the service to judge. An empty value is null. A value that does not fit is refused with the
/// reason; nothing is guessed (no local date formats, no trimming of text).
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
            MonetateDataType.String or MonetateDataType.GoogleProductCategory => ToText(value, out converted),
            MonetateDataType.MultiString => ToMultiString(value, out converted),
            _ => AsGiven(value, out converted),
        };
    }

    /// <summary>
    /// Joins texts into one MULTI_STRING the way Monetate reads it: elements separated by commas, an element that holds a
    /// comma or a double quote wrapped in double quotes (a quote inside doubled). Each element follows the STRING rules.
    /// </summary>
    public static string? JoinMultiString(IEnumerable<object?> elements, out string? joined)
    {
        joined = null;
        var parts = new List<string>();
        var position = 0;
        foreach (var element in elements)
        {
            position++;
            if (element is null || (element is string blank && blank.Trim().Length == 0))
            {
                return $"element {position} of the list is empty";
            }

            var why = ToText(element, out var text);
            if (why is not null)
            {
                return $"element {position} of the list: {why}";
            }

            var part = (string)text!;
            parts.Add(part.IndexOf(',') >= 0 || part.IndexOf('"') >= 0 ? "\"" + part.Replace("\"", "\"\"") + "\"" : part);
        }

        joined = parts.Count == 0 ? null : string.Join(",", parts);
        return null;
    }

    /// <summary>Checks a MULTI_STRING as written: STRING rules for the whole, no empty element, quotes that open and close around an element.</summary>
    public static string? CheckMultiString(string text)
    {
        if (text.Length == 0 || text.Trim() != text)
        {
            return $"'{text}' has white space at its start or end, which Monetate does not accept in a MULTI_STRING";
        }

        var element = 1;
        var i = 0;
        while (true)
        {
            // Spaces after a comma are part of the element ("Clothing, Women, Sale" is Monetate's own example).
            var start = i;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return $"element {element} of '{text}' opens a quote that is not closed";
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    i++;
                }

                if (i < text.Length && text[i] != ',')
                {
                    return $"element {element} of '{text}' has text after its closing quote";
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                if (text.Substring(start, i - start).Trim().Length == 0)
                {
                    return $"element {element} of '{text}' is empty";
                }
            }

            if (i >= text.Length)
            {
                return null;
            }

            i++; // the comma
            element++;
            if (i >= text.Length)
            {
                return $"'{text}' ends with a comma (an empty element)";
            }
        }
    }

    private static string? ToMultiString(object value, out object? converted)
    {
        converted = null;
        if (value is Newtonsoft.Json.Linq.JToken token)
        {
            value = Records.PlainJson.Value(token) ?? string.Empty;
        }

        if (value is string text)
        {
            var why = CheckMultiString(text);
            if (why is null)
            {
                converted = text;
            }

            return why;
        }

        if (value is System.Collections.IEnumerable items and not System.Collections.IDictionary
            and not IReadOnlyList<KeyValuePair<string, object?>>)
        {
            var why = JoinMultiString(items.Cast<object?>(), out var joined);
            converted = joined;
            return why;
        }

        var single = ToText(value, out var one);
        if (single is not null)
        {
            return single;
        }

        return JoinMultiString([one], out var quoted) is { } problem ? problem : Accept(quoted!, out converted);
    }

    /// <summary>A field of a type this module does not know: text, a number or true/false is sent as given.</summary>
    private static string? AsGiven(object value, out object? converted)
    {
        converted = null;
        switch (value)
        {
            case string or bool or decimal or long or int or short or byte or sbyte or ushort or uint or ulong or BigInteger:
                converted = value;
                return null;
            case double number:
                return FiniteOrProblem(number, out converted);
            case float number:
                return FiniteOrProblem(number, out converted);
            case DateTime or DateTimeOffset:
                return ToDateTime(value, out converted);
            default:
                return ToText(value, out converted) is null ? null : $"a {value.GetType().Name} cannot be sent for a field of a data type this module does not know";
        }
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
