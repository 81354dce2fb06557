using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>The retry settings of a Connect- cmdlet: the defaults, with what -MaxRetryTime, -MaxRetries and -RequestTimeout give.</summary>
internal static class ResilienceParameters
{
    public static ResilienceSettings From(TimeSpan? maxRetryTime, int? maxRetries, TimeSpan? requestTimeout)
    {
        var settings = new ResilienceSettings();
        if (maxRetryTime is { } budget)
        {
            settings.MaxRetryTime = budget;
        }

        if (maxRetries is { } retries)
        {
            settings.MaxRetries = retries;
        }

        if (requestTimeout is { } timeout)
        {
            settings.RequestTimeout = timeout;
        }

        return settings;
    }
}
