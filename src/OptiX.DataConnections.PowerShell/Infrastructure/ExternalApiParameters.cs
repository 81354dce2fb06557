using System.Collections;
using System.Globalization;
using System.Management.Automation;
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
        var values = new List<KeyValuePair<string, object?>>(table.Count);
        foreach (DictionaryEntry entry in table)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            if (!KeyAliases.TryGetValue(key, out var name))
            {
                throw new ArgumentException($"-ExternalApi has an unknown key '{key}'; known keys: url, http_method, headers, body, ttl, timeout, retries, is_batch_endpoint, sample_placeholder_values.");
            }

            values.Add(new KeyValuePair<string, object?>(name, ToPlain(entry.Value)));
        }

        return ExternalApiDefinition.FromValues(values);
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
        var values = new List<KeyValuePair<string, object?>>
        {
            new("url", url),
            new("http_method", (httpMethod ?? "GET").ToUpperInvariant()),
            new("ttl", cacheTtlSeconds ?? ExternalApiDefinition.DefaultCacheTtlSeconds),
            new("is_batch_endpoint", batchEndpoint),
        };
        AddUnlessNull(values, "headers", StringDictionaries.From(headers));
        AddUnlessNull(values, "body", body is null ? null : ToPlain(body));
        AddUnlessNull(values, "timeout", timeoutSeconds);
        AddUnlessNull(values, "retries", retries);
        AddUnlessNull(values, "sample_placeholder_values", StringDictionaries.From(samplePlaceholderValues));
        return ExternalApiDefinition.FromValues(values);
    }

    private static void AddUnlessNull(List<KeyValuePair<string, object?>> values, string name, object? value)
    {
        if (value is not null)
        {
            values.Add(new KeyValuePair<string, object?>(name, value));
        }
    }

    // PowerShell's wrappers off, hashtables and objects as fields; the core takes a JSON string body as JSON.
    private static object? ToPlain(object? value)
    {
        value = value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;
        return value is IDictionary or PSObject ? RecordConverter.ToFields(value) : value;
    }
}
