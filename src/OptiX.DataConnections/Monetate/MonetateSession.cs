using System.Collections.Concurrent;
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

        BaseUri = new Uri(ServiceBaseUri.Validate(baseUri, allowInsecureHttp, "the tokens").GetLeftPart(UriPartial.Authority));
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
}
