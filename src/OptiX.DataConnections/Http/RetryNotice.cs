using System.Net;

namespace OptiX.DataConnections.Http;

/// <summary>Told to the caller before each retry, so that a cmdlet can say why it waits.</summary>
public sealed class RetryNotice
{
    public RetryNotice(string route, int attempt, TimeSpan delay, HttpStatusCode? statusCode, string reason)
    {
        Route = route;
        Attempt = attempt;
        Delay = delay;
        StatusCode = statusCode;
        Reason = reason;
    }

    public string Route { get; }

    public int Attempt { get; }

    public TimeSpan Delay { get; }

    public HttpStatusCode? StatusCode { get; }

    public string Reason { get; }

    public override string ToString() =>
        $"{Route}: {Reason}; retry {Attempt} in {Delay.TotalSeconds:0.###} s";
}
