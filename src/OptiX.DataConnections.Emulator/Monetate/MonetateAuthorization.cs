namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>Reads <c>Authorization: SCHEME credential</c>; anything else is a 401.</summary>
internal static class MonetateAuthorization
{
    public static string Credential(HttpRequest request, string scheme)
    {
        var header = request.Headers.Authorization;
        var value = header.Count == 1 ? header[0] ?? string.Empty : string.Empty;
        var prefix = scheme + " ";
        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || value.Length == prefix.Length
            || value[prefix.Length..].Trim().Length == 0 || value[prefix.Length..].Trim().Contains(' ', StringComparison.Ordinal))
        {
            throw MonetateProblem.Unauthorized($"Authentication credentials were not provided: expected 'Authorization: {scheme} <value>'.");
        }
        return value[prefix.Length..].Trim();
    }
}
