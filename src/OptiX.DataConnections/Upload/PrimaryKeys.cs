using System.Globalization;
using System.Numerics;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// The service compares primary keys as strings (<c>1</c> and <c>"1"</c> are one record); this gives a key value its
/// string form, or says why it cannot be a key.
/// </summary>
public static class PrimaryKeys
{
    public static bool TryNormalize(object? value, out string key, out string? problem)
    {
        key = string.Empty;
        problem = null;
        switch (value)
        {
            case null:
                problem = "has no value";
                return false;
            case string text when text.Trim().Length == 0:
                problem = "is empty";
                return false;
            case string text:
                key = text;
                return true;
            case bool flag:
                key = flag ? "true" : "false";
                return true;
            case char c:
                key = c.ToString();
                return true;
            case Guid guid:
                key = guid.ToString("D");
                return true;
            case float or double or decimal:
                key = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                return true;
            case IConvertible convertible when IsInteger(convertible.GetTypeCode()):
                key = convertible.ToString(CultureInfo.InvariantCulture);
                return true;
            case BigInteger big:
                // An integer beyond 64 bits, as JSON readers give it: its digits, the JSON text the service compares.
                key = big.ToString(CultureInfo.InvariantCulture);
                return true;
            default:
                problem = $"must be a single value, not {value.GetType().Name}";
                return false;
        }
    }

    /// <summary>
    /// Finds the key field: null when the record has a usable key, else why not (the field is missing, or its value
    /// cannot be a key) with the problem in words.
    /// </summary>
    public static RefusalReason? Check(IReadOnlyList<KeyValuePair<string, object?>> fields, string primaryKeyField, out string key, out string? problem)
    {
        if (TryFind(fields, primaryKeyField, out key, out problem))
        {
            return null;
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Key, primaryKeyField, StringComparison.Ordinal))
            {
                return RefusalReason.InvalidPrimaryKey;
            }
        }

        return RefusalReason.MissingPrimaryKey;
    }

    /// <summary>Finds the key field by its exact name; the message names a field that differs only by case.</summary>
    public static bool TryFind(
        IReadOnlyList<KeyValuePair<string, object?>> fields,
        string primaryKeyField,
        out string key,
        out string? problem)
    {
        string? caseOnlyMatch = null;
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Key, primaryKeyField, StringComparison.Ordinal))
            {
                if (TryNormalize(fields[i].Value, out key, out var valueProblem))
                {
                    problem = null;
                    return true;
                }

                problem = $"primary key field '{primaryKeyField}' {valueProblem}";
                return false;
            }

            if (string.Equals(fields[i].Key, primaryKeyField, StringComparison.OrdinalIgnoreCase))
            {
                caseOnlyMatch = fields[i].Key;
            }
        }

        key = string.Empty;
        problem = caseOnlyMatch is null
            ? $"has no primary key field '{primaryKeyField}'"
            : $"has no primary key field '{primaryKeyField}' (field names are case-sensitive; found '{caseOnlyMatch}')";
        return false;
    }

    private static bool IsInteger(TypeCode code) =>
        code is TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32
        or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64;
}
