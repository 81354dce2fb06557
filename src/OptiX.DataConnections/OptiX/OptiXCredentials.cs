using System.Security;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.OptiX;

/// <summary>The Opti-X key pair, held as <see cref="SecureString"/>s and written into headers only while a request is built.</summary>
public sealed class OptiXCredentials : IRequestAuthenticator
{
    public const string ApiKeyHeader = "x-api-key";
    public const string BrandKeyHeader = "x-brand-key";

    public OptiXCredentials(SecureString apiKey, SecureString brandKey)
    {
        if (apiKey.Length == 0)
        {
            throw new ArgumentException("The API key is empty.", nameof(apiKey));
        }

        if (brandKey.Length == 0)
        {
            throw new ArgumentException("The brand key is empty.", nameof(brandKey));
        }

        ApiKey = apiKey.Copy();
        ApiKey.MakeReadOnly();
        BrandKey = brandKey.Copy();
        BrandKey.MakeReadOnly();
    }

    public SecureString ApiKey { get; }

    public SecureString BrandKey { get; }

    public Task AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, SecureStrings.ToPlainText(ApiKey));
        request.Headers.TryAddWithoutValidation(BrandKeyHeader, SecureStrings.ToPlainText(BrandKey));
        return Task.CompletedTask;
    }

    /// <summary>Never prints a key.</summary>
    public override string ToString() => "OptiXCredentials(****)";
}
