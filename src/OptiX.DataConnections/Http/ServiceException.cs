using System.Net;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Http;

/// <summary>
/// A request that failed for good (after any retries). It carries the status, the service's own message and the
/// route, never a credential.
/// </summary>
public class ServiceException : Exception
{
    public ServiceException(
        ServiceErrorKind kind,
        string message,
        string route,
        HttpStatusCode? statusCode = null,
        string? serviceMessage = null,
        JToken? body = null,
        int attempts = 1,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Route = route;
        StatusCode = statusCode;
        ServiceMessage = serviceMessage;
        Body = body;
        Attempts = attempts;
    }

    public ServiceErrorKind Kind { get; }

    /// <summary>The method and path of the request, for example <c>POST /connections/{id}/upload_data</c>.</summary>
    public string Route { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The message the service returned, if any.</summary>
    public string? ServiceMessage { get; }

    /// <summary>
    /// The parsed error body, for vendor-specific fields. Internal: a Newtonsoft object of the module's own load context
    /// must not reach PowerShell (through $Error), where ConvertTo-Json would fail on it; <see cref="ServiceMessage"/> says the same in words.
    /// </summary>
    internal JToken? Body { get; }

    /// <summary>How many attempts were made before giving up.</summary>
    public int Attempts { get; }

    /// <summary>
    /// True when no attempt got any HTTP answer (connection refused or reset, DNS, no answer in time): the service
    /// looks unreachable, so an upload stops trying other requests (see <see cref="Upload.UploadEngine"/>).
    /// </summary>
    public bool NoAnswer { get; internal set; }

    /// <summary>Whether the same request could succeed later without being changed.</summary>
    public bool IsTransient => Kind is ServiceErrorKind.Throttled or ServiceErrorKind.ServerError
        or ServiceErrorKind.Transport or ServiceErrorKind.Timeout;
}
