using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.PowerShell.Cmdlets;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Where a vendor session points and how it retries (Get-DCContext, Get-MonetateContext). Never a key or a token.</summary>
public abstract class ServiceContext
{
    private protected ServiceContext(Uri baseUri, Uri productionBaseUri, string source, DateTimeOffset connectedAt, ResilienceSettings resilience)
    {
        BaseUri = baseUri;
        Target = TargetOf(baseUri, productionBaseUri);
        Source = source;
        ConnectedAt = connectedAt;
        MaxRetries = resilience.MaxRetries;
        MaxRetryTime = resilience.MaxRetryTime;
        RequestTimeout = resilience.RequestTimeout;
    }

    public Uri BaseUri { get; }

    /// <summary>Production, Emulator (the one Start-DCEmulator started), Loopback or Other.</summary>
    public string Target { get; }

    public bool IsEmulator => Target == "Emulator";

    /// <summary>How the session was made: a Connect- cmdlet, Start-DCEmulator, or the environment variables.</summary>
    public string Source { get; }

    public DateTimeOffset ConnectedAt { get; }

    public int MaxRetries { get; }

    public TimeSpan MaxRetryTime { get; }

    public TimeSpan RequestTimeout { get; }

    private static string TargetOf(Uri baseUri, Uri productionBaseUri)
    {
        var authority = baseUri.GetLeftPart(UriPartial.Authority);
        if (StartDCEmulatorCommand.Running is { HasExited: false } emulator
            && string.Equals(emulator.BaseUri.GetLeftPart(UriPartial.Authority), authority, StringComparison.OrdinalIgnoreCase))
        {
            return "Emulator";
        }

        if (string.Equals(productionBaseUri.GetLeftPart(UriPartial.Authority), authority, StringComparison.OrdinalIgnoreCase))
        {
            return "Production";
        }

        return baseUri.IsLoopback ? "Loopback" : "Other";
    }
}

/// <summary>Where the Opti-X cmdlets send their requests now (Get-DCContext).</summary>
public sealed class DCContext : ServiceContext
{
    internal DCContext(OptiXSession session, string source)
        : base(session.BaseUri, OptiXClient.ProductionBaseUri, source, session.ConnectedAt, session.Resilience)
    {
        BrandKeyHint = Hint(SecureStrings.ToPlainText(session.Credentials.BrandKey));
    }

    /// <summary>
    /// Enough of the brand key to tell brands apart (its first 8 and last 4 characters): the module keeps the brand key
    /// out of every output like the API key, which is never shown at all.
    /// </summary>
    public string BrandKeyHint { get; }

    private static string Hint(string key) => key.Length <= 12 ? new string('*', key.Length) : $"{key.Substring(0, 8)}...{key.Substring(key.Length - 4)}";
}

/// <summary>Where the Monetate cmdlets send their requests now (Get-MonetateContext).</summary>
public sealed class MonetateContext : ServiceContext
{
    internal MonetateContext(MonetateSession session, string source)
        : base(session.BaseUri, MonetateClient.ProductionBaseUri, source, session.ConnectedAt, session.Resilience)
    {
        ApiUser = session.ApiUser;
        Retailer = session.Retailer;
        TokenExpiresAt = session.TokenExpiresAt;
    }

    public string ApiUser { get; }

    public string Retailer { get; }

    /// <summary>When the held access token expires (empty before the first call).</summary>
    public DateTimeOffset? TokenExpiresAt { get; }
}
