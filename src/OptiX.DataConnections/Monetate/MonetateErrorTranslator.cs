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

    /// <summary>
    /// Whether the service refused a data call (rows or a spot check) because the schema has no Identifier Name
    /// (<c>named_identifier</c>): Monetate refuses a dataset's data until one is set (seed 004). Read from the refusal's
    /// words, as the spec gives errors no codes.
    /// </summary>
    public static bool IsIdentifierNameMissing(ServiceException exception) =>
        exception.Kind is ServiceErrorKind.InvalidRequest or ServiceErrorKind.Validation
        && exception.Route.IndexOf("/data/", StringComparison.Ordinal) >= 0
        && exception.ServiceMessage is { } message
        && (message.IndexOf("named_identifier", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("Identifier Name", StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>
    /// The envelope's errors in words. The spec makes each error an object (its fields not named); read: a message-like
    /// property (<c>message</c>, <c>detail</c>, <c>error</c>, <c>msg</c>, <c>description</c>) after the field it names
    /// (<c>field</c>, <c>loc</c>), else the object as compact JSON; a plain string as it is; <c>errors</c> as one object or
    /// one string instead of a list.
    /// </summary>
    internal static string? ReadErrors(JToken? body)
    {
        var errors = (body as JObject)?["meta"]?["errors"] ?? (body as JObject)?["errors"];
        var list = errors switch
        {
            JArray { Count: > 0 } array => array.ToList(),
            JObject { Count: > 0 } one => [one],
            JValue { Type: JTokenType.String } text when ((string?)text)!.Length > 0 => [text],
            _ => null,
        };
        return list is null ? null : string.Join("; ", list.Select(Describe));
    }

    private static readonly string[] MessageKeys = ["message", "detail", "error", "msg", "description"];

    private static string Describe(JToken error)
    {
        if (error is not JObject item)
        {
            return error.Type == JTokenType.String ? (string)error! : error.ToString(Newtonsoft.Json.Formatting.None);
        }

        var message = MessageKeys.Select(key => item[key]).OfType<JValue>().FirstOrDefault(v => v.Type == JTokenType.String);
        if (message is null)
        {
            return item.ToString(Newtonsoft.Json.Formatting.None);
        }

        var field = (item["field"] ?? item["loc"]) switch
        {
            JValue { Type: JTokenType.String } name => (string?)name,
            JArray path => string.Join(".", path.Select(p => p.ToString())),
            _ => null,
        };
        var text = (string)message!;
        return string.IsNullOrEmpty(field) || text.StartsWith(field, StringComparison.Ordinal) ? text : $"{field}: {text}";
    }
}
