using System.Collections.Concurrent;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;

namespace OptiX.DataConnections.OptiX;

/// <summary>
/// What <c>Connect-DCService</c> holds: where the service is, the credentials, how hard to retry, one client for all
/// requests, and the connections already looked up (their primary keys do not change).
/// </summary>
public sealed class OptiXSession : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Connection> _connections = new();
    private readonly Lazy<OptiXClient> _client;

    public OptiXSession(Uri baseUri, OptiXCredentials credentials, ResilienceSettings? resilience = null, bool allowInsecureHttp = false)
    {
        BaseUri = ValidateBaseUri(baseUri, allowInsecureHttp);
        Credentials = credentials;
        Resilience = (resilience ?? new ResilienceSettings()).Clone();
        Resilience.Validate();
        _client = new Lazy<OptiXClient>(() => new OptiXClient(BaseUri, Credentials, Resilience));
        ConnectedAt = DateTimeOffset.Now;
    }

    public Uri BaseUri { get; }

    public OptiXCredentials Credentials { get; }

    public ResilienceSettings Resilience { get; }

    public DateTimeOffset ConnectedAt { get; }

    public OptiXClient Client => _client.Value;

    public bool IsLoopback => BaseUri.IsLoopback;

    /// <summary>The connection, from the cache or the service.</summary>
    public async Task<Connection> GetConnectionAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        if (_connections.TryGetValue(connectionId, out var cached))
        {
            return cached;
        }

        var connection = await Client.GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
        return _connections[connectionId] = connection;
    }

    public void Remember(Connection connection) => _connections[connection.ConnectionId] = connection;

    public void Forget(Guid connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Connections seen in this session, for tab completion.</summary>
    public IReadOnlyCollection<Connection> KnownConnections => _connections.Values.ToList();

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    public override string ToString() => $"OptiXSession({BaseUri})";

    private static Uri ValidateBaseUri(Uri baseUri, bool allowInsecureHttp) =>
        new(ServiceBaseUri.Validate(baseUri, allowInsecureHttp, "the keys").AbsoluteUri.TrimEnd('/'));
}
