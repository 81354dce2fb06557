using System.Text.Json;
using System.Text.RegularExpressions;
using OptiX.DataConnections.Emulator.ExternalApi;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary>
/// <c>external_api_details</c>: <c>{url, http_method, headers?, body?, ttl?, timeout?, retries?, is_batch_endpoint?,
/// sample_placeholder_values?}</c>. The connection keeps the JSON text as it was received (unknown fields too);
/// this is the checked, typed reading of it. Defaults: ttl 30 (0 never caches), timeout 10 s, retries 0, not a batch endpoint.
/// </summary>
internal sealed partial record ExternalApiDetails(
    string Url,
    string HttpMethod,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    JsonElement? Body,
    long TtlSeconds,
    long TimeoutSeconds,
    int Retries,
    bool IsBatchEndpoint,
    IReadOnlyDictionary<string, string> SamplePlaceholderValues)
{
    public const long DefaultTtlSeconds = 30;
    public const long DefaultTimeoutSeconds = 10;
    public const long MaxTimeoutSeconds = 300;
    public const int MaxRetries = 10;
    public const long MaxTtlSeconds = 31_536_000;

    public static readonly IReadOnlyList<string> HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Every placeholder name in url, header values and body (keys and string values), each once, in that order.</summary>
    public IReadOnlyList<string> PlaceholderNames()
    {
        var names = new List<string>();
        Placeholders.Collect(Url, names);
        foreach (var header in Headers)
        {
            Placeholders.Collect(header.Value, names);
        }
        if (Body is { } body)
        {
            Placeholders.Collect(body, names);
        }
        return names;
    }

    /// <summary>Reads the details, adding any problem to <paramref name="validator"/> (null if there were problems).</summary>
    public static ExternalApiDetails? Parse(JsonElement details, BodyValidator validator, IReadOnlyList<object> loc)
    {
        if (!validator.ExpectObject(details, loc))
        {
            return null;
        }
        var url = validator.RequiredNonEmptyString(details, "url", loc);
        var method = ParseMethod(details, validator, loc);
        var headers = ParseHeaders(details, validator, loc);
        var body = validator.OptionalObject(details, "body", loc);
        var ttl = validator.OptionalIntegerInRange(details, "ttl", loc, 0, MaxTtlSeconds);
        var timeout = validator.OptionalIntegerInRange(details, "timeout", loc, 1, MaxTimeoutSeconds);
        var retries = validator.OptionalIntegerInRange(details, "retries", loc, 0, MaxRetries);
        var isBatch = validator.OptionalBoolean(details, "is_batch_endpoint", loc);
        var samples = validator.OptionalScalarMap(details, "sample_placeholder_values", loc);
        if (url is null || method is null || !validator.IsValid)
        {
            return null;
        }
        return new ExternalApiDetails(
            url, method, headers, body?.Clone(), ttl ?? DefaultTtlSeconds, timeout ?? DefaultTimeoutSeconds,
            (int)(retries ?? 0), isBatch ?? false, samples);
    }

    /// <summary>
    /// Reads details a connection holds. They were checked when stored, unless the data file predates the checks:
    /// then the connection cannot be queried (400) until PUT gives it valid details.
    /// </summary>
    public static ExternalApiDetails FromStored(string json)
    {
        using var document = JsonDocument.Parse(json);
        var validator = new BodyValidator();
        var details = Parse(document.RootElement, validator, ["external_api_details"]);
        if (details is not null)
        {
            return details;
        }
        var problem = validator.FirstError is { } error ? $" ({string.Join(".", error.Loc)}: {error.Msg})" : "";
        throw ApiProblem.BadRequest(
            $"The data connection's external_api_details are not valid{problem}; "
            + "replace them with PUT /connections/{data_connection_uuid}");
    }

    private static string? ParseMethod(JsonElement details, BodyValidator validator, IReadOnlyList<object> loc)
    {
        var text = validator.RequiredNonEmptyString(details, "http_method", loc);
        if (text is null)
        {
            return null;
        }
        var method = text.ToUpperInvariant();
        if (HttpMethods.Contains(method))
        {
            return method;
        }
        validator.Fail(
            BodyValidator.At(loc, "http_method"),
            "value is not a valid enumeration member; permitted: " + string.Join(", ", HttpMethods.Select(m => $"'{m}'")),
            "type_error.enum");
        return null;
    }

    private static List<KeyValuePair<string, string>> ParseHeaders(JsonElement details, BodyValidator validator, IReadOnlyList<object> loc)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (validator.OptionalObject(details, "headers", loc) is not { } headerObject)
        {
            return headers;
        }
        var headersLoc = BodyValidator.At(loc, "headers");
        foreach (var header in headerObject.EnumerateObject())
        {
            var headerLoc = BodyValidator.At(headersLoc, header.Name);
            if (!HeaderName().IsMatch(header.Name))
            {
                validator.Fail(headerLoc, "not a valid HTTP header name", "value_error.header_name");
                continue;
            }
            if (validator.String(header.Value, headerLoc) is { } value)
            {
                headers.Add(new KeyValuePair<string, string>(header.Name, value));
            }
        }
        return headers;
    }

    // RFC 9110 token characters.
    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();
}
