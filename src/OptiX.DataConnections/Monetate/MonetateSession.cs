using System.Collections.Concurrent;
using System.Net;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Monetate;

/// <summary>What <c>Connect-MonetateService</c> holds: the endpoint, retailer, API user and key, one client, and the schema names seen.</summary>
public sealed class MonetateSession : IDisposable
{
    private readonly ConcurrentDictionary<string, byte> _schemaNames = new(StringComparer.Ordinal);

    public MonetateSession(
        Uri baseUri,
        string retailer,
        MonetateCredentials credentials,
        ResilienceSettings? resilience = null,
        int tokenLifetimeSeconds = MonetateClient.DefaultTokenLifetimeSeconds,
        bool allowInsecureHttp = false)
    {
        if (string.IsNullOrWhiteSpace(retailer))
        {
            throw new ArgumentException("The retailer short name is empty.", nameof(retailer));
        }

        BaseUri = ValidateBaseUri(baseUri, allowInsecureHttp);
        Retailer = retailer;
        ApiUser = credentials.ApiUser;
        Resilience = (resilience ?? new ResilienceSettings()).Clone();
        Resilience.Validate();
        Client = new MonetateClient(BaseUri, retailer, credentials, Resilience, tokenLifetimeSeconds);
        ConnectedAt = DateTimeOffset.Now;
    }

    public Uri BaseUri { get; }

    public string Retailer { get; }

    public string ApiUser { get; }

    public ResilienceSettings Resilience { get; }

    public DateTimeOffset ConnectedAt { get; }

    public MonetateClient Client { get; }

    /// <summary>When the held access token expires (null before the first call).</summary>
    public DateTimeOffset? TokenExpiresAt => Client.Tokens.Current?.ExpiresAt;

    /// <summary>Schema names seen in this session, for tab completion.</summary>
    public IReadOnlyCollection<string> KnownSchemaNames => _schemaNames.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();

    public void Remember(string schemaName) => _schemaNames[schemaName] = 0;

    public void Forget(string schemaName) => _schemaNames.TryRemove(schemaName, out _);

    public void Dispose() => Client.Dispose();

    /// <summary>Never prints the key or token.</summary>
    public override string ToString() => $"MonetateSession({ApiUser}@{Retailer}, {BaseUri})";

    private static Uri ValidateBaseUri(Uri baseUri, bool allowInsecureHttp)
    {
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The base URI '{baseUri}' must be an absolute http or https URI.", nameof(baseUri));
        }

        var loopback = baseUri.IsLoopback || (IPAddress.TryParse(baseUri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (baseUri.Scheme == Uri.UriSchemeHttp && !loopback && !allowInsecureHttp)
        {
            throw new ArgumentException(
                $"The base URI '{baseUri}' uses plain http, which would send the tokens unencrypted. Use https, a loopback address, or -AllowInsecureHttp.",
                nameof(baseUri));
        }

        return new Uri(baseUri.GetLeftPart(UriPartial.Authority));
    }
}
