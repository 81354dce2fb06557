using System.Collections;

namespace OptiX.DataConnections.Formulas;

/// <summary>
/// The API parameters of a formula (<c>name=value</c> pairs joined by <c>&amp;</c>), read-only, in the order written.
/// Names compare ordinally, as the placeholders of an API-based connection do.
/// </summary>
public sealed class FormulaParameters : IReadOnlyDictionary<string, string>
{
    public static readonly FormulaParameters Empty = new([]);

    private readonly List<KeyValuePair<string, string>> _pairs;
    private readonly Dictionary<string, string> _lookup;

    /// <summary>Takes pairs already checked: names unique and non-empty.</summary>
    internal FormulaParameters(List<KeyValuePair<string, string>> pairs)
    {
        _pairs = pairs;
        _lookup = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            _lookup.Add(pair.Key, pair.Value);
        }
    }

    public int Count => _pairs.Count;

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    public IEnumerable<string> Values => _pairs.Select(p => p.Value);

    public string this[string key] => _lookup[key];

    public bool ContainsKey(string key) => _lookup.ContainsKey(key);

    public bool TryGetValue(string key, out string value) => _lookup.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The segment as written in a formula: <c>name=value&amp;name=value</c>, or empty.</summary>
    public override string ToString() => string.Join("&", _pairs.Select(p => p.Key + "=" + p.Value));

    internal bool SequenceEquals(FormulaParameters other) =>
        _pairs.Count == other._pairs.Count
        && _pairs.Zip(other._pairs, (a, b) => string.Equals(a.Key, b.Key, StringComparison.Ordinal) && string.Equals(a.Value, b.Value, StringComparison.Ordinal)).All(same => same);
}
