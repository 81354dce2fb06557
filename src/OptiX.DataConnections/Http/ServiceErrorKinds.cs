using System.Net;

namespace OptiX.DataConnections.Http;

/// <summary>The usual reading of an HTTP status as a <see cref="ServiceErrorKind"/>; a vendor's translator may refine it.</summary>
public static class ServiceErrorKinds
{
    public static ServiceErrorKind FromStatus(HttpStatusCode statusCode) => (int)statusCode switch
    {
        400 or 413 => ServiceErrorKind.InvalidRequest,
        401 => ServiceErrorKind.Unauthorized,
        403 => ServiceErrorKind.Forbidden,
        404 => ServiceErrorKind.NotFound,
        409 => ServiceErrorKind.Conflict,
        422 => ServiceErrorKind.Validation,
        429 => ServiceErrorKind.Throttled,
        408 or 504 => ServiceErrorKind.Timeout,
        >= 500 => ServiceErrorKind.ServerError,
        _ => ServiceErrorKind.InvalidRequest,
    };
}
