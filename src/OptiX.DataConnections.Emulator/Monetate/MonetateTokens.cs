using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// Access tokens issued by the Auth API: several live at once, each with its own expiry. Kept in memory only, so a
/// restart invalidates them; clients then get a 401 and refresh, as they do when a token expires.
/// </summary>
internal sealed class MonetateTokens
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    public IssuedToken Issue(string user, DateTimeOffset now, TimeSpan ttl)
    {
        var token = new IssuedToken(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), user, now, now + ttl);
        _tokens[token.Value] = token;
        return token;
    }

    /// <summary>The user of a live token, or null (unknown or expired; an expired one is forgotten).</summary>
    public string? UserOf(string token, DateTimeOffset now)
    {
        if (!_tokens.TryGetValue(token, out var issued))
        {
            return null;
        }
        if (now >= issued.ExpiresAt)
        {
            _tokens.TryRemove(token, out _);
            return null;
        }
        return issued.User;
    }
}

internal sealed record IssuedToken(string Value, string User, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
