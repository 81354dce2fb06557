namespace OptiX.DataConnections.Monetate;

/// <summary>
/// Turns a record's fields into a row of a schema: names matched to the schema's (exactly, else ignoring case),
/// values converted by <see cref="MonetateValueConverter"/>, required fields and the identifier checked. A row that does not fit is
/// refused with every reason, so that it can be mended in one go.
/// </summary>
public sealed class MonetateRowConverter
{
    private readonly MonetateSchema _schema;
    private readonly Dictionary<string, MonetateField> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MonetateField?> _ignoringCase = new(StringComparer.OrdinalIgnoreCase);

    public MonetateRowConverter(MonetateSchema schema, bool ignoreUnknownFields = false)
    {
        _schema = schema;
        IgnoreUnknownFields = ignoreUnknownFields;
        foreach (var field in schema.Fields)
        {
            _exact[field.Name] = field;
            // Two schema fields that differ only in case make a case-insensitive match ambiguous: none is taken.
            _ignoringCase[field.Name] = _ignoringCase.ContainsKey(field.Name) ? null : field;
        }
    }

    public bool IgnoreUnknownFields { get; }

    /// <summary>Names of record fields that are not in the schema and were left out (with IgnoreUnknownFields).</summary>
    public ISet<string> IgnoredFields { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>The row, or null with <paramref name="problem"/> saying why the record does not fit.</summary>
    public List<KeyValuePair<string, object?>>? Convert(IReadOnlyList<KeyValuePair<string, object?>> fields, out string? problem)
    {
        var row = new List<KeyValuePair<string, object?>>(fields.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<string>? problems = null;
        foreach (var pair in fields)
        {
            var field = Find(pair.Key);
            if (field is null)
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

            if (!seen.Add(field.Name))
            {
                (problems ??= []).Add($"'{field.Name}' is given more than once");
                continue;
            }

            var why = MonetateValueConverter.TryConvert(pair.Value, field.DataType, out var value);
            if (why is not null)
            {
                (problems ??= []).Add($"{field.Name}: {why}");
                continue;
            }

            if (value is null && (field.Required || field.Identifier))
            {
                (problems ??= []).Add($"{field.Name} is required but empty");
                continue;
            }

            if (value is not null)
            {
                row.Add(new KeyValuePair<string, object?>(field.Name, value));
            }
        }

        foreach (var field in _schema.Fields.Where(f => (f.Required || f.Identifier) && !seen.Contains(f.Name)))
        {
            (problems ??= []).Add($"{field.Name} is required but missing");
        }

        problem = problems is null ? null : string.Join("; ", problems);
        return problems is null ? row : null;
    }

    private MonetateField? Find(string name) =>
        _exact.TryGetValue(name, out var field) ? field : _ignoringCase.TryGetValue(name, out var loose) ? loose : null;
}
