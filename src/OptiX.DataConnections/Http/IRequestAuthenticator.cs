namespace OptiX.DataConnections.Http;

/// <summary>Adds a vendor's credentials to an outgoing request. Plain-text secrets exist only inside this call.</summary>
public interface IRequestAuthenticator
{
    Task AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
