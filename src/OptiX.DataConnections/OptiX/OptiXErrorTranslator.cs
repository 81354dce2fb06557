using System.Net;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.OptiX;

/// <summary>
/// Reads the service's errors: FastAPI's <c>{"detail": "..."}</c> or <c>{"detail": [{loc, msg, type}]}</c>, the other
/// usual shapes (<c>message</c>, <c>error</c>, <c>errors</c>, <c>title</c>), else a short excerpt of the body; plus
/// <c>missing_primary_keys</c> on a 400 for keys that do not exist. The kind always comes from the status.
/// </summary>
public sealed class OptiXErrorTranslator : IErrorTranslator
{
    public ServiceException Translate(HttpStatusCode statusCode, JToken? body, string rawBody, string route, int attempts)
    {
        var detail = ReadDetail(body) ?? Shorten(rawBody);
        var kind = ServiceErrorKinds.FromStatus(statusCode);
        // Guide 002 lists authentication errors as 422 (the others as 401): a 422 about the key headers is one.
        if (kind == ServiceErrorKind.Validation && IsAboutKeys(detail))
        {
            kind = ServiceErrorKind.Unauthorized;
        }

        var missing = (body as JObject)?["missing_primary_keys"] as JArray;
        var message = kind switch
        {
            ServiceErrorKind.Unauthorized =>
                $"{route} was refused ({(int)statusCode}): the API key or brand key is wrong or expired. Check the keys given to Connect-DCService (or OPTIX_API_KEY / OPTIX_BRAND_KEY).",
            ServiceErrorKind.Throttled =>
                $"{route} was throttled (429) and still throttled after {attempts} attempt(s). Slow down, or raise -MaxRetryTime.",
            ServiceErrorKind.ServerError =>
                $"{route} failed with {(int)statusCode} after {attempts} attempt(s): {detail}",
            _ => $"{route} failed with {(int)statusCode}: {detail}",
        };
        if (missing is not null)
        {
            return new MissingPrimaryKeysException(message, route, statusCode, detail, body, attempts, missing.Select(k => k.ToString()).ToList());
        }

        return new ServiceException(kind, message, route, statusCode, detail, body, attempts);
    }

    /// <summary>
    /// The service's message: FastAPI's <c>detail</c> (text, or the validation list), else the usual other names
    /// (<c>message</c>, <c>error</c>, <c>errors</c>, <c>title</c>), each as text, an object holding a message, or a list of either.
    /// </summary>
    internal static string? ReadDetail(JToken? body)
    {
        if (body is not JObject obj)
        {
            return body is JArray list ? Messages(list) : null;
        }

        foreach (var name in new[] { "detail", "message", "error", "errors", "error_description", "title" })
        {
            if (Message(obj[name]) is { Length: > 0 } message)
            {
                return message;
            }
        }

        return null;
    }

    private static string? Message(JToken? token) => token switch
    {
        null => null,
        JValue { Type: JTokenType.String } value => (string?)value,
        JArray items => Messages(items),
        JObject item => Message(item["msg"]) is { } msg
            ? (item["loc"] is JArray path ? $"{string.Join(".", path.Select(p => p.ToString()))}: {msg}" : msg)
            : Message(item["message"]) ?? Message(item["detail"]) ?? Message(item["description"])
                ?? (item.Properties().All(p => p.Value is JValue or JArray) && item.Count > 0
                    ? string.Join("; ", item.Properties().Select(p => $"{p.Name}: {Message(p.Value) ?? p.Value.ToString(Newtonsoft.Json.Formatting.None)}"))
                    : null),
        _ => null,
    };

    private static string? Messages(JArray items)
    {
        var parts = items.Select(item => Message(item) ?? item.ToString(Newtonsoft.Json.Formatting.None)).Where(m => m.Length > 0).ToList();
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static bool IsAboutKeys(string detail) =>
        detail.IndexOf(OptiXCredentials.ApiKeyHeader, StringComparison.OrdinalIgnoreCase) >= 0
        || detail.IndexOf(OptiXCredentials.BrandKeyHeader, StringComparison.OrdinalIgnoreCase) >= 0;

    private static string Shorten(string raw) =>
        raw.Length <= 300 ? raw : raw.Substring(0, 300) + "...";
}
