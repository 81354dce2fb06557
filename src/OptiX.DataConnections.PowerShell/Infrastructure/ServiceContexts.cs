using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.PowerShell.Cmdlets;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Where a vendor session points: production, the emulator this PowerShell started, another loopback service, or elsewhere.</summary>
internal static class ServiceTargets
{
    public static string Of(Uri baseUri, Uri productionBaseUri)
    {
        if (StartDCEmulatorCommand.Running is { HasExited: false } emulator
            && string.Equals(emulator.BaseUri.GetLeftPart(UriPartial.Authority), baseUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return "Emulator";
        }

        if (string.Equals(baseUri.GetLeftPart(UriPartial.Authority), productionBaseUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return "Production";
        }

        return baseUri.IsLoopback ? "Loopback" : "Other";
    }
}

/// <summary>Where the Opti-X cmdlets send their requests now (Get-DCContext). Never holds the API key.</summary>
public sealed class DCContext
{
    internal DCContext(OptiXSession session, string source)
    {
        BaseUri = session.BaseUri;
        BrandKeyHint = Hint(SecureStrings.ToPlainText(session.Credentials.BrandKey));
        Target = ServiceTargets.Of(session.BaseUri, OptiXClient.ProductionBaseUri);
        Source = source;
        ConnectedAt = session.ConnectedAt;
        MaxRetries = session.Resilience.MaxRetries;
        MaxRetryTime = session.Resilience.MaxRetryTime;
        RequestTimeout = session.Resilience.RequestTimeout;
    }

    public Uri BaseUri { get; }

    /// <summary>
    /// Enough of the brand key to tell brands apart (its first 8 and last 4 characters): the module keeps the brand key
    /// out of every output like the API key, which is never shown at all.
    /// </summary>
    public string BrandKeyHint { get; }

    /// <summary>Production, Emulator (the one Start-DCEmulator started), Loopback or Other.</summary>
    public string Target { get; }

    public bool IsEmulator => Target == "Emulator";

    /// <summary>How the session was made: Connect-DCService, Start-DCEmulator, or the OPTIX_* environment variables.</summary>
    public string Source { get; }

    public DateTimeOffset ConnectedAt { get; }

    public int MaxRetries { get; }

    public TimeSpan MaxRetryTime { get; }

    public TimeSpan RequestTimeout { get; }

    private static string Hint(string key) => key.Length <= 12 ? new string('*', key.Length) : $"{key.Substring(0, 8)}...{key.Substring(key.Length - 4)}";
}

/// <summary>Where the Monetate cmdlets send their requests now (Get-MonetateContext). Never holds the key or the token.</summary>
public sealed class MonetateContext
{
    internal MonetateContext(MonetateSession session, string source)
    {
        BaseUri = session.BaseUri;
        ApiUser = session.ApiUser;
        Retailer = session.Retailer;
        Target = ServiceTargets.Of(session.BaseUri, MonetateClient.ProductionBaseUri);
        Source = source;
        ConnectedAt = session.ConnectedAt;
        TokenExpiresAt = session.TokenExpiresAt;
        MaxRetries = session.Resilience.MaxRetries;
        MaxRetryTime = session.Resilience.MaxRetryTime;
        RequestTimeout = session.Resilience.RequestTimeout;
    }

    public Uri BaseUri { get; }

    public string ApiUser { get; }

    public string Retailer { get; }

    /// <summary>Production, Emulator (the one Start-DCEmulator started), Loopback or Other.</summary>
    public string Target { get; }

    public bool IsEmulator => Target == "Emulator";

    /// <summary>How the session was made: Connect-MonetateService, or the MONETATE_* environment variables.</summary>
    public string Source { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>When the held access token expires (empty before the first call).</summary>
    public DateTimeOffset? TokenExpiresAt { get; }

    public int MaxRetries { get; }

    public TimeSpan MaxRetryTime { get; }

    public TimeSpan RequestTimeout { get; }
}
