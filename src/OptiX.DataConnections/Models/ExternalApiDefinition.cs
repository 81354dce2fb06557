using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Models;

/// <summary>
/// How an API-based connection fetches its data: <c>external_api_details</c>. Placeholders <c>{name}</c> in the URL,
/// header values and body are filled from the query's values; the service makes a test call with
/// <see cref="SamplePlaceholderValues"/> when the connection is created or changed.
/// </summary>
public sealed class ExternalApiDefinition
{
    public const int DefaultCacheTtlSeconds = 30;

    [JsonProperty("url")]
    public string Url { get; set; } = string.Empty;

    [JsonProperty("http_method")]
    public string HttpMethod { get; set; } = "GET";

    [JsonProperty("headers", NullValueHandling = NullValueHandling.Ignore)]
    public Dictionary<string, string>? Headers { get; set; }

    [JsonProperty("body", NullValueHandling = NullValueHandling.Ignore)]
    public JToken? Body { get; set; }

    /// <summary>Seconds an answer is cached; 0: never.</summary>
    [JsonProperty("ttl")]
    public int CacheTtlSeconds { get; set; } = DefaultCacheTtlSeconds;

    [JsonProperty("timeout", NullValueHandling = NullValueHandling.Ignore)]
    public int? TimeoutSeconds { get; set; }

    [JsonProperty("retries", NullValueHandling = NullValueHandling.Ignore)]
    public int? Retries { get; set; }

    [JsonProperty("is_batch_endpoint")]
    public bool IsBatchEndpoint { get; set; }

    [JsonProperty("sample_placeholder_values", NullValueHandling = NullValueHandling.Ignore)]
    public Dictionary<string, string>? SamplePlaceholderValues { get; set; }

    public JObject ToJson() => JObject.FromObject(this);

    /// <summary>
    /// The details from values named as the API names them (url, http_method, headers, body, ttl, timeout, retries,
    /// is_batch_endpoint, sample_placeholder_values), validated. Values are plain: strings, numbers, dictionaries,
    /// field lists and sequences; a string that opens with '{' is taken as JSON.
    /// </summary>
    public static ExternalApiDefinition FromValues(IEnumerable<KeyValuePair<string, object?>> values)
    {
        var json = new JObject();
        foreach (var value in values)
        {
            json[value.Key] = ToToken(value.Value);
        }

        var definition = json.ToObject<ExternalApiDefinition>()!;
        definition.Validate();
        return definition;
    }

    public void Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // Placeholders are legal in the URL, so check it with them filled by something harmless.
            var filled = System.Text.RegularExpressions.Regex.Replace(Url, @"\{[^{}]+\}", "x");
            if (!Uri.TryCreate(filled, UriKind.Absolute, out var sample) || (sample.Scheme != Uri.UriSchemeHttp && sample.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The API URL '{Url}' must be an absolute http or https URL.");
            }
        }

        if (CacheTtlSeconds < 0 || TimeoutSeconds is < 1 || Retries is < 0)
        {
            throw new ArgumentException("The cache TTL and retries cannot be negative, and the timeout must be at least 1 second.");
        }
    }

    private static JToken ToToken(object? value)
    {
        if (value is string text && text.TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return JToken.Parse(text);
        }

        if (value is null || value is string || value.GetType().IsPrimitive)
        {
            return value is null ? JValue.CreateNull() : new JValue(value);
        }

        var writer = new JTokenWriter();
        JsonValueWriter.WriteValue(writer, value, 0);
        return writer.Token!;
    }
}
