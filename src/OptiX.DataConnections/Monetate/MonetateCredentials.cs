using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// An API user and its private key. Authenticates the Auth API's refresh call with <c>Authorization: JWT ...</c>,
/// a JWT signed afresh for every attempt so that its <c>iat</c> is never stale.
/// </summary>
public sealed class MonetateCredentials : IRequestAuthenticator
{
    private readonly TimeProvider _time;

    public MonetateCredentials(string apiUser, MonetatePrivateKey privateKey)
        : this(apiUser, privateKey, null)
    {
    }

    // TimeProvider stays off the public surface: the cmdlets, in PowerShell's default load context, could not bind it.
    internal MonetateCredentials(string apiUser, MonetatePrivateKey privateKey, TimeProvider? time)
    {
        if (string.IsNullOrWhiteSpace(apiUser))
        {
            throw new ArgumentException("The API user name is empty.", nameof(apiUser));
        }

        ApiUser = apiUser;
        PrivateKey = privateKey;
        _time = time ?? TimeProvider.System;
    }

    public string ApiUser { get; }

    public MonetatePrivateKey PrivateKey { get; }

    public Task AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var jwt = MonetateJwt.Create(ApiUser, PrivateKey, _time.GetUtcNow());
        request.Headers.TryAddWithoutValidation("Authorization", "JWT " + jwt);
        return Task.CompletedTask;
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"MonetateCredentials({ApiUser}, ****)";
}
