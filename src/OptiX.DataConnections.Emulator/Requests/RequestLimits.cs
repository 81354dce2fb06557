using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Requests;

internal static class RequestLimits
{
    public const int MaxItemsPerRequest = 5000;

    public static void CheckItemCount(int count, string items)
    {
        if (count is < 1 or > MaxItemsPerRequest)
        {
            throw ApiProblem.BadRequest(
                $"Expected at least 1 and at most {MaxItemsPerRequest} {items} per request, got {count}");
        }
    }

    public static void CheckTtl(long? ttlSeconds, string field, int? index = null)
    {
        if (ttlSeconds < 0)
        {
            var where = index is { } i ? $"Item at index {i}: " : "";
            throw ApiProblem.BadRequest($"{where}{field} must be 0 or more seconds (null never expires), got {ttlSeconds}");
        }
    }
}
