using System.Net;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Records;

/// <summary>
/// Sends a batch of keyed items (update or delete). The service refuses the whole request when any key does not
/// exist: when it lists the missing keys, those are set aside and the rest is sent again; when it does not (a bare
/// 400 or 422), the request is split in halves and re-sent until the refused items stand alone, so one bad key never
/// sinks a batch. A lone key refused with 400 does not exist (guide 000: "Invalid Primary Key (400)").
/// </summary>
public static class KeyedBatch
{
    private const int MaxRounds = 3;

    public static async Task<KeyedBatchOutcome> SendAsync(
        IReadOnlyList<KeyedItem> items,
        Func<IReadOnlyList<KeyedItem>, Task<int?>> send,
        bool retriedMissingMeansGone,
        int maxSplitRequests = UploadEngineOptions.DefaultMaxSplitRequests)
    {
        var outcome = new KeyedBatchOutcome();
        var budget = new[] { maxSplitRequests };
        await SendPartAsync(items, send, retriedMissingMeansGone, outcome, budget).ConfigureAwait(false);
        return outcome;
    }

    private static async Task SendPartAsync(
        IReadOnlyList<KeyedItem> items,
        Func<IReadOnlyList<KeyedItem>, Task<int?>> send,
        bool retriedMissingMeansGone,
        KeyedBatchOutcome outcome,
        int[] budget)
    {
        var remaining = items;
        for (var round = 0; remaining.Count > 0; round++)
        {
            try
            {
                outcome.Requests++;
                // A success without a count acknowledges every record it carried.
                outcome.Changed += await send(remaining).ConfigureAwait(false) ?? remaining.Count;
                return;
            }
            catch (MissingPrimaryKeysException ex) when (round < MaxRounds)
            {
                var missing = new HashSet<string>(ex.MissingKeys, StringComparer.Ordinal);
                var gone = remaining.Where(item => missing.Contains(item.Key)).ToList();
                if (gone.Count == 0)
                {
                    Fail(outcome, remaining, ex);
                    return;
                }

                (retriedMissingMeansGone && ex.Attempts > 1 ? outcome.AlreadyGone : outcome.NotFound).AddRange(gone);
                remaining = remaining.Where(item => !missing.Contains(item.Key)).ToList();
            }
            catch (ServiceException ex) when (IsContentRefusal(ex) && ex is not MissingPrimaryKeysException && remaining.Count > 1 && budget[0] >= 2)
            {
                budget[0] -= 2;
                var middle = remaining.Count / 2;
                await SendPartAsync(remaining.Take(middle).ToList(), send, retriedMissingMeansGone, outcome, budget).ConfigureAwait(false);
                await SendPartAsync(remaining.Skip(middle).ToList(), send, retriedMissingMeansGone, outcome, budget).ConfigureAwait(false);
                return;
            }
            catch (ServiceException ex) when (IsContentRefusal(ex) && remaining.Count == 1)
            {
                if (ex.StatusCode == HttpStatusCode.BadRequest)
                {
                    (retriedMissingMeansGone && ex.Attempts > 1 ? outcome.AlreadyGone : outcome.NotFound).Add(remaining[0]);
                }
                else
                {
                    outcome.Refused.Add(new KeyValuePair<KeyedItem, string>(remaining[0], ex.ServiceMessage ?? ex.Message));
                }

                return;
            }
            catch (ServiceException ex)
            {
                Fail(outcome, remaining, ex);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // An answer of an unexpected shape: never take the items with it.
                Fail(outcome, remaining, new ServiceException(ServiceErrorKind.InvalidRequest, $"The request failed: {ex.Message}", string.Empty, innerException: ex));
                return;
            }
        }
    }

    // A 422 the vendor reads as an authentication error (guide 002) is not about the content.
    private static bool IsContentRefusal(ServiceException ex) =>
        ex.Kind is ServiceErrorKind.InvalidRequest or ServiceErrorKind.Validation && ex.StatusCode is HttpStatusCode.BadRequest or (HttpStatusCode)422;

    private static void Fail(KeyedBatchOutcome outcome, IReadOnlyList<KeyedItem> items, ServiceException error)
    {
        outcome.Error ??= error;
        outcome.Failed.AddRange(items);
    }
}
