using System.Net;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Monetate;

/// <summary>Reads Monetate's envelope, <c>{"meta": {"code": N, "errors": [...]}}</c>, into a <see cref="ServiceException"/>.</summary>
public sealed class MonetateErrorTranslator : IErrorTranslator
{
    public ServiceException Translate(HttpStatusCode statusCode, JToken? body, string rawBody, string route, int attempts)
    {
        var detail = ReadErrors(body) ?? (rawBody.Length <= 300 ? rawBody : rawBody.Substring(0, 300) + "...");
        var isAuth = route.Contains("/auth/");
        var kind = ServiceErrorKinds.FromStatus(statusCode);
        var message = kind switch
        {
            ServiceErrorKind.Unauthorized when isAuth =>
                $"{route} refused the JWT (401): check the API user name, that the private key is the pair of the public key registered for that user in Monetate, and the computer's clock. {detail}",
            ServiceErrorKind.Unauthorized =>
                $"{route} refused the access token (401) even after a new one was fetched. {detail}",
            ServiceErrorKind.Forbidden =>
                $"{route} was forbidden (403): the API user's key has been deactivated (revoked) or lacks access. {detail}",
            ServiceErrorKind.Throttled =>
                $"{route} was throttled (429) and still throttled after {attempts} attempt(s). {detail}",
            ServiceErrorKind.ServerError =>
                $"{route} failed with {(int)statusCode} after {attempts} attempt(s): {detail}",
            _ => $"{route} failed with {(int)statusCode}: {detail}",
        };
        return new ServiceException(kind, message, route, statusCode, detail, body, attempts);
    }

    private static string? ReadErrors(JToken? body)
    {
        if ((body as JObject)?["meta"]?["errors"] is not JArray { Count: > 0 } errors)
        {
            return null;
        }

        return string.Join("; ", errors.Select(e => e.Type == JTokenType.String ? (string?)e : e.ToString(Newtonsoft.Json.Formatting.None)));
    }
}
