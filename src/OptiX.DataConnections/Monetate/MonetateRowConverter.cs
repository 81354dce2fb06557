namespace OptiX.DataConnections.Monetate;

/// <summary>
/// Turns a record's fields into a row of a schema: names matched to the schema's (exactly, else ignoring case),
/// values converted by <see cref="MonetateValueConverter"/>, required fields, the identifier and the unique key checked
/// (each must have a value). A row that does not fit is refused with every reason, before anything is sent, so that
/// it can be mended in one go.
/// </summary>
public sealed class MonetateRowConverter
{
    private const int Ambiguous = -1;

    private readonly MonetateSchema _schema;
    private readonly Dictionary<string, int> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ignoringCase = new(StringComparer.OrdinalIgnoreCase);

    // Which schema fields the current record gave, by position; reused from record to record (one converter, one thread).
    private readonly bool[] _seen;

    public MonetateRowConverter(MonetateSchema schema, bool ignoreUnknownFields = false)
    {
        _schema = schema;
        _seen = new bool[schema.Fields.Count];
        IgnoreUnknownFields = ignoreUnknownFields;
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var name = schema.Fields[i].Name;
            _exact[name] = i;
            // Two schema fields that differ only in case make a case-insensitive match ambiguous: none is taken.
            _ignoringCase[name] = _ignoringCase.ContainsKey(name) ? Ambiguous : i;
        }
    }

    public bool IgnoreUnknownFields { get; }

    /// <summary>Names of record fields that are not in the schema and were left out (with IgnoreUnknownFields).</summary>
    public ISet<string> IgnoredFields { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>The row, or null with <paramref name="problem"/> saying why the record does not fit.</summary>
    public List<KeyValuePair<string, object?>>? Convert(IReadOnlyList<KeyValuePair<string, object?>> fields, out string? problem)
    {
        var row = new List<KeyValuePair<string, object?>>(fields.Count);
        Array.Clear(_seen, 0, _seen.Length);
        List<string>? problems = null;
        foreach (var pair in fields)
        {
            var index = Find(pair.Key);
            if (index < 0)
            {
                if (IgnoreUnknownFields)
                {
                    IgnoredFields.Add(pair.Key);
                }
                else
                {
                    (problems ??= []).Add($"'{pair.Key}' is not a field of schema '{_schema.Name}'");
                }

                continue;
            }

            var field = _schema.Fields[index];
            if (_seen[index])
            {
                (problems ??= []).Add($"'{field.Name}' is given more than once");
                continue;
            }

            _seen[index] = true;

            var why = MonetateValueConverter.TryConvert(pair.Value, field.DataType, out var value);
            if (why is not null)
            {
                (problems ??= []).Add($"{field.Name}: {why}");
                continue;
            }

            if (value is null && field.NeedsValue)
            {
                (problems ??= []).Add($"{field.Name} is required but empty{Because(field)}");
                continue;
            }

            if (value is not null)
            {
                row.Add(new KeyValuePair<string, object?>(field.Name, value));
            }
        }

        for (var i = 0; i < _seen.Length; i++)
        {
            if (!_seen[i] && _schema.Fields[i].NeedsValue)
            {
                (problems ??= []).Add($"{_schema.Fields[i].Name} is required but missing{Because(_schema.Fields[i])}");
            }
        }

        problem = problems is null ? null : string.Join("; ", problems);
        return problems is null ? row : null;
    }

    /// <summary>Why a field must have a value, in the words of a refusal.</summary>
    private static string Because(MonetateField field) =>
        field.Required ? string.Empty
        : field.Identifier ? " (it is the schema's identifier)"
        : " (it is the schema's unique key)";

    /// <summary>The schema field's position, or a negative number when the name matches none (or two, ignoring case).</summary>
    private int Find(string name) =>
        _exact.TryGetValue(name, out var index) ? index : _ignoringCase.TryGetValue(name, out var loose) ? loose : Ambiguous;
}
