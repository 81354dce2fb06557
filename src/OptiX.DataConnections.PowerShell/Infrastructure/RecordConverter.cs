using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// Turns what the pipeline carries (PSCustomObjects from Import-Csv, hashtables, any object's properties) into the
/// plain fields the core serializes: PSObject wrappers removed, nested objects as field lists, arrays as lists.
/// </summary>
internal static class RecordConverter
{
    private const int MaxDepth = 16;

    public static IReadOnlyList<KeyValuePair<string, object?>> ToFields(object input) => ToFields(input, out _);

    /// <param name="input">A record.</param>
    /// <param name="fieldsAreWhole">
    /// True when the fields say all there is to the record, so that an equal object can be made from them again: a
    /// PSCustomObject of note properties holding text (or null), as Import-Csv gives.
    /// </param>
    public static IReadOnlyList<KeyValuePair<string, object?>> ToFields(object input, out bool fieldsAreWhole)
    {
        fieldsAreWhole = false;
        if (input is PSObject { BaseObject: PSCustomObject } custom && NoteProperties.TryRead(custom, 0, ConvertValue) is { } notes)
        {
            fieldsAreWhole = notes.TrueForAll(field => field.Value is null or string);
            return notes;
        }

        var fields = FieldsOf(input, 0);
        return fields ?? throw new ArgumentException(
            $"A {Unwrap(input)?.GetType().Name ?? "null"} value is not a record: send objects or hashtables with named fields.");
    }

    private static List<KeyValuePair<string, object?>>? FieldsOf(object input, int depth)
    {
        if (input is PSObject wrapped)
        {
            var baseObject = wrapped.BaseObject;
            if (baseObject is IDictionary dictionary)
            {
                return FromDictionary(dictionary, depth);
            }

            if (baseObject is PSCustomObject && NoteProperties.TryRead(wrapped, depth, ConvertValue) is { } notes)
            {
                return notes;
            }

            if (baseObject is PSCustomObject || !IsScalar(baseObject))
            {
                return FromProperties(wrapped, depth);
            }

            return null;
        }

        if (input is IDictionary plain)
        {
            return FromDictionary(plain, depth);
        }

        return IsScalar(input) ? null : FromProperties(PSObject.AsPSObject(input), depth);
    }

    private static List<KeyValuePair<string, object?>> FromDictionary(IDictionary dictionary, int depth)
    {
        var fields = new List<KeyValuePair<string, object?>>(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            var name = Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? string.Empty;
            fields.Add(new KeyValuePair<string, object?>(name, ConvertValue(entry.Value, depth + 1)));
        }

        return fields;
    }

    private static List<KeyValuePair<string, object?>> FromProperties(PSObject source, int depth)
    {
        var fields = new List<KeyValuePair<string, object?>>();
        foreach (var property in source.Properties)
        {
            object? value;
            try
            {
                value = property.Value;
            }
            catch (GetValueException)
            {
                continue;
            }

            fields.Add(new KeyValuePair<string, object?>(property.Name, ConvertValue(value, depth + 1)));
        }

        return fields;
    }

    private static object? ConvertValue(object? value, int depth)
    {
        value = Unwrap(value);
        switch (value)
        {
            case null:
                return null;
            case double number when double.IsNaN(number) || double.IsInfinity(number):
            case float single when float.IsNaN(single) || float.IsInfinity(single):
                throw new ArgumentException($"The number {value} is not finite, so it cannot be sent as a JSON number.");
            case string or bool or char or DateTime or DateTimeOffset or decimal or Guid or System.Numerics.BigInteger:
                return value;
            case Enum e:
                return e.ToString();
            case TimeSpan span:
                return span.ToString("c", CultureInfo.InvariantCulture);
            case var _ when value.GetType().IsPrimitive:
                return value;
        }

        if (depth > MaxDepth)
        {
            throw new ArgumentException($"A value is nested more than {MaxDepth} levels deep.");
        }

        if (value is IDictionary dictionary)
        {
            return FromDictionary(dictionary, depth);
        }

        if (value is IEnumerable items)
        {
            var list = new List<object?>();
            foreach (var item in items)
            {
                list.Add(ConvertValue(item, depth + 1));
            }

            return list;
        }

        return FromProperties(PSObject.AsPSObject(value), depth);
    }

    private static bool IsScalar(object? value) =>
        value is null or string or ValueType;

    private static object? Unwrap(object? value) => value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject
        ? wrapped.BaseObject
        : value;
}
