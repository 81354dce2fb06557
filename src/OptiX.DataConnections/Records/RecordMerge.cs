using Newtonsoft.Json.Linq;
using OptiX.DataConnections.OptiX;

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

    /// <summary>Reads the stored record by key and merges the given fields into it; a missing record is a ServiceException of kind NotFound.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, object?>>> WithStoredAsync(
        OptiXClient client,
        Guid connectionId,
        object primaryKey,
        IReadOnlyList<KeyValuePair<string, object?>> given,
        CancellationToken cancellationToken) =>
        Merge(await client.QueryAsync(connectionId, primaryKey, null, cancellationToken).ConfigureAwait(false), given);
}
