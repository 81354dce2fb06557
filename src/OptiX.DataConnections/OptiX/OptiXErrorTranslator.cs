using System.Net;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.OptiX;

/// <summary>
/// Reads the service's FastAPI-style errors: <c>{"detail": "..."}</c>, or <c>{"detail": [{loc, msg, type}]}</c> for
/// validation, plus <c>missing_primary_keys</c> on a 400 for keys that do not exist.
/// </summary>
public sealed class OptiXErrorTranslator : IErrorTranslator
{
    public ServiceException Translate(HttpStatusCode statusCode, JToken? body, string rawBody, string route, int attempts)
    {
        var detail = ReadDetail(body) ?? Shorten(rawBody);
        var kind = ServiceErrorKinds.FromStatus(statusCode);
        var missing = (body as JObject)?["missing_primary_keys"] as JArray;
        var message = kind switch
        {
            ServiceErrorKind.Unauthorized =>
                $"{route} was refused (401): the API key or brand key is wrong or expired. Check the keys given to Connect-DCService (or OPTIX_API_KEY / OPTIX_BRAND_KEY).",
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

    private static string? ReadDetail(JToken? body)
    {
        var detail = (body as JObject)?["detail"];
        switch (detail)
        {
            case JValue value when value.Type == JTokenType.String:
                return (string?)value;
            case JArray items:
                var parts = items.OfType<JObject>().Select(item =>
                {
                    var loc = item["loc"] is JArray path ? string.Join(".", path.Select(p => p.ToString())) : null;
                    var msg = (string?)item["msg"] ?? item.ToString(Newtonsoft.Json.Formatting.None);
                    return loc is null ? msg : $"{loc}: {msg}";
                });
                return string.Join("; ", parts);
            default:
                return null;
        }
    }

    private static string Shorten(string raw) =>
        raw.Length <= 300 ? raw : raw.Substring(0, 300) + "...";
}
