using System.Text;
using OptiX.DataConnections.Emulator.Requests;

namespace OptiX.DataConnections.Emulator.ExternalApi;

/// <summary>A call to an external API with every placeholder filled: what is sent, and what the answer cache is keyed by.</summary>
internal sealed record ExternalRequest(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body)
{
    /// <summary>Method, url, headers (in order) and body: two lookups that would send the same request share an answer.</summary>
    public string CacheKey
    {
        get
        {
            var key = new StringBuilder().Append(Method).Append('\n').Append(Url.AbsoluteUri).Append('\n');
            foreach (var (name, value) in Headers)
            {
                key.Append(name.ToLowerInvariant()).Append(':').Append(value).Append('\n');
            }
            return key.Append('\n').Append(Body).ToString();
        }
    }

    /// <summary>
    /// Fills the details' placeholders from <paramref name="values"/>: in the url the values are percent-encoded,
    /// in headers and body they go in as they are. Fails naming every placeholder without a value, or when the url
    /// is then not an absolute http(s) URL.
    /// </summary>
    public static BuiltRequest Build(ExternalApiDetails details, IReadOnlyDictionary<string, string> values)
    {
        var missing = details.PlaceholderNames().Where(name => !values.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            return new BuiltRequest(null, missing, null);
        }
        var url = Placeholders.Fill(details.Url, values, Uri.EscapeDataString);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return new BuiltRequest(null, [], $"the url '{url}' is not an absolute http or https URL");
        }
        var headers = details.Headers
            .Select(header => new KeyValuePair<string, string>(header.Key, Placeholders.Fill(header.Value, values, Placeholders.Verbatim)))
            .ToList();
        var body = details.Body is { } json ? Placeholders.Fill(json, values) : null;
        return new BuiltRequest(new ExternalRequest(details.HttpMethod, uri, headers, body), [], null);
    }
}

/// <summary>The request, or the placeholders that have no value, or what else is wrong with it.</summary>
internal sealed record BuiltRequest(ExternalRequest? Request, IReadOnlyList<string> MissingPlaceholders, string? Problem);
