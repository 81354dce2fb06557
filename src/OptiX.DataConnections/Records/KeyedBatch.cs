using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.Records;

/// <summary>
/// Sends a batch of keyed items (update or delete). The service refuses the whole request when any key does not
/// exist, listing the missing keys; those are set aside and the rest is sent again, so one bad key never sinks a batch.
/// </summary>
public static class KeyedBatch
{
    private const int MaxRounds = 3;

    public static async Task<KeyedBatchOutcome> SendAsync(
        IReadOnlyList<KeyedItem> items,
        Func<IReadOnlyList<KeyedItem>, Task<int?>> send,
        bool retriedMissingMeansGone)
    {
        var outcome = new KeyedBatchOutcome();
        var remaining = items;
        for (var round = 0; remaining.Count > 0; round++)
        {
            try
            {
                outcome.Requests++;
                // A success without a count acknowledges every record it carried.
                outcome.Changed += await send(remaining).ConfigureAwait(false) ?? remaining.Count;
                return outcome;
            }
            catch (MissingPrimaryKeysException ex) when (round < MaxRounds)
            {
                var missing = new HashSet<string>(ex.MissingKeys, StringComparer.Ordinal);
                var gone = remaining.Where(item => missing.Contains(item.Key)).ToList();
                if (gone.Count == 0)
                {
                    Fail(outcome, remaining, ex);
                    return outcome;
                }

                (retriedMissingMeansGone && ex.Attempts > 1 ? outcome.AlreadyGone : outcome.NotFound).AddRange(gone);
                remaining = remaining.Where(item => !missing.Contains(item.Key)).ToList();
            }
            catch (ServiceException ex)
            {
                Fail(outcome, remaining, ex);
                return outcome;
            }
        }

        return outcome;
    }

    private static void Fail(KeyedBatchOutcome outcome, IReadOnlyList<KeyedItem> items, ServiceException error)
    {
        outcome.Error = error;
        outcome.Failed.AddRange(items);
    }
}
