using System.Net;

namespace OptiX.DataConnections.Http;

/// <summary>Checks a service's base URI before any secret is sent to it.</summary>
public static class ServiceBaseUri
{
    /// <summary>
    /// An absolute http or https URI; plain http only to a loopback address or with <paramref name="allowInsecureHttp"/>,
    /// since <paramref name="secrets"/> (what the requests carry, e.g. "the keys") would travel unencrypted.
    /// </summary>
    public static Uri Validate(Uri baseUri, bool allowInsecureHttp, string secrets)
    {
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The base URI '{baseUri}' must be an absolute http or https URI.", nameof(baseUri));
        }

        if (baseUri.Scheme == Uri.UriSchemeHttp && !IsLoopback(baseUri) && !allowInsecureHttp)
        {
            throw new ArgumentException(
                $"The base URI '{baseUri}' uses plain http, which would send {secrets} unencrypted. Use https, a loopback address, or -AllowInsecureHttp.",
                nameof(baseUri));
        }

        return baseUri;
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
