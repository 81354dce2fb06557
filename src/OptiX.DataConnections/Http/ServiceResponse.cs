using System.Net;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Http;

/// <summary>A successful response: its status, parsed JSON body (null when empty) and attempts it took.</summary>
public sealed class ServiceResponse
{
    public ServiceResponse(HttpStatusCode statusCode, JToken? body, int attempts)
    {
        StatusCode = statusCode;
        Body = body;
        Attempts = attempts;
    }

    public HttpStatusCode StatusCode { get; }

    public JToken? Body { get; }

    public int Attempts { get; }
}
