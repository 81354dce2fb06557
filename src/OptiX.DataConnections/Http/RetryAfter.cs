using System.Net.Http.Headers;

namespace OptiX.DataConnections.Http;

/// <summary>Reads a <c>Retry-After</c> header in either of its forms: delta seconds or an HTTP date.</summary>
public static class RetryAfter
{
    public static TimeSpan? GetDelay(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
