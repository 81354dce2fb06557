using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Records;

/// <summary>For updates that keep what they do not mention: the stored record, overlaid with the given fields.</summary>
public static class RecordMerge
{
    public static IReadOnlyList<KeyValuePair<string, object?>> Merge(JObject stored, IReadOnlyList<KeyValuePair<string, object?>> given)
    {
        var givenNames = new HashSet<string>(given.Select(f => f.Key), StringComparer.Ordinal);
        var merged = new List<KeyValuePair<string, object?>>(stored.Count + given.Count);
        foreach (var property in stored.Properties())
        {
            if (!givenNames.Contains(property.Name))
            {
                merged.Add(new KeyValuePair<string, object?>(property.Name, property.Value));
            }
        }

        merged.AddRange(given);
        return merged;
    }
}
