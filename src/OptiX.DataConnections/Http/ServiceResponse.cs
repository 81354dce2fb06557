using System.Net;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Http;

/// <summary>A successful response: its status, parsed JSON body (null when empty) and attempts it took.</summary>
public sealed class ServiceResponse
{
    public ServiceResponse(HttpStatusCode statusCode, JToken? body, int attempts, bool hadText = false)
    {
        StatusCode = statusCode;
        Body = body;
        Attempts = attempts;
        HadText = hadText || body is not null;
    }

    public HttpStatusCode StatusCode { get; }

    public JToken? Body { get; }

    public int Attempts { get; }

    /// <summary>Whether the answer had a body at all; with a null <see cref="Body"/>, one that is not JSON.</summary>
    public bool HadText { get; }
}
