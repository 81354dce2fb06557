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

    /// <summary>
    /// Reads the stored record by key and merges the given fields into it; a missing record is a ServiceException of
    /// kind NotFound. The stored record must prove it is the one asked for (it holds <paramref name="primaryKeyField"/>
    /// with that value): a read not understood is an UnexpectedAnswer, and nothing is merged from it, because writing
    /// back a misread record would delete every stored field that was not sent.
    /// </summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, object?>>> WithStoredAsync(
        OptiXClient client,
        Guid connectionId,
        string primaryKeyField,
        object primaryKey,
        IReadOnlyList<KeyValuePair<string, object?>> given,
        CancellationToken cancellationToken) =>
        Merge(await client.QueryAsync(connectionId, primaryKey, null, primaryKeyField, cancellationToken).ConfigureAwait(false), given);
}
