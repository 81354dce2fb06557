using System.Collections;
using System.Globalization;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Models;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Builds an API-based connection's details from cmdlet parameters, or from one -ExternalApi hashtable.</summary>
internal static class ExternalApiParameters
{
    // Hashtable keys accepted for -ExternalApi: the API's names and the cmdlet parameters' names.
    private static readonly Dictionary<string, string> KeyAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["url"] = "url",
        ["ApiUrl"] = "url",
        ["ApiUri"] = "url",
        ["http_method"] = "http_method",
        ["HttpMethod"] = "http_method",
        ["Method"] = "http_method",
        ["headers"] = "headers",
        ["Header"] = "headers",
        ["body"] = "body",
        ["ttl"] = "ttl",
        ["CacheTtlSeconds"] = "ttl",
        ["timeout"] = "timeout",
        ["TimeoutSeconds"] = "timeout",
        ["retries"] = "retries",
        ["is_batch_endpoint"] = "is_batch_endpoint",
        ["BatchEndpoint"] = "is_batch_endpoint",
        ["sample_placeholder_values"] = "sample_placeholder_values",
        ["SamplePlaceholderValue"] = "sample_placeholder_values",
        ["SamplePlaceholderValues"] = "sample_placeholder_values",
    };

    public static ExternalApiDefinition FromHashtable(Hashtable table)
    {
        var json = new JObject();
        foreach (DictionaryEntry entry in table)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            if (!KeyAliases.TryGetValue(key, out var name))
            {
                throw new ArgumentException($"-ExternalApi has an unknown key '{key}'; known keys: url, http_method, headers, body, ttl, timeout, retries, is_batch_endpoint, sample_placeholder_values.");
            }

            json[name] = ToToken(entry.Value);
        }

        var definition = json.ToObject<ExternalApiDefinition>()!;
        definition.Validate();
        return definition;
    }

    public static ExternalApiDefinition FromParameters(
        string url,
        string? httpMethod,
        Hashtable? headers,
        object? body,
        int? cacheTtlSeconds,
        int? timeoutSeconds,
        int? retries,
        bool batchEndpoint,
        Hashtable? samplePlaceholderValues)
    {
        var definition = new ExternalApiDefinition
        {
            Url = url,
            HttpMethod = (httpMethod ?? "GET").ToUpperInvariant(),
            Headers = StringDictionaries.From(headers),
            Body = body is null ? null : ToToken(body),
            CacheTtlSeconds = cacheTtlSeconds ?? ExternalApiDefinition.DefaultCacheTtlSeconds,
            TimeoutSeconds = timeoutSeconds,
            Retries = retries,
            IsBatchEndpoint = batchEndpoint,
            SamplePlaceholderValues = StringDictionaries.From(samplePlaceholderValues),
        };
        definition.Validate();
        return definition;
    }

    // A JSON string body is taken as JSON; hashtables and objects become JSON objects.
    private static JToken ToToken(object? value)
    {
        value = value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;
        if (value is string text && text.TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return JToken.Parse(text);
        }

        if (value is null || value is string || value.GetType().IsPrimitive)
        {
            return value is null ? JValue.CreateNull() : new JValue(value);
        }

        var writer = new JTokenWriter();
        Upload.JsonValueWriter.WriteValue(writer, value is IDictionary or PSObject ? RecordConverter.ToFields(value) : value, 0);
        return writer.Token!;
    }
}
