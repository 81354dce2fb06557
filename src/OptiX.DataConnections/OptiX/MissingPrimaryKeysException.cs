using System.Net;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.OptiX;

/// <summary>An update or delete was refused whole because some of its keys do not exist; nothing changed.</summary>
public sealed class MissingPrimaryKeysException : ServiceException
{
    public MissingPrimaryKeysException(
        string message,
        string route,
        HttpStatusCode statusCode,
        string? serviceMessage,
        JToken? body,
        int attempts,
        IReadOnlyList<string> missingKeys)
        : base(ServiceErrorKind.InvalidRequest, message, route, statusCode, serviceMessage, body, attempts)
    {
        MissingKeys = missingKeys;
    }

    public IReadOnlyList<string> MissingKeys { get; }
}
