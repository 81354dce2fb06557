using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// Checks the JWT a client signs for <c>GET /api/auth/v0/refresh/</c>: RS256/RS384/RS512 only, claims
/// <c>username</c> (a registered user) and <c>iat</c> (within <see cref="AllowedSkew"/> of now), signature verified
/// with the platform's RSA (PKCS#1 v1.5) against the user's public key.
/// </summary>
internal static class MonetateJwt
{
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>The verified user name; a <see cref="MonetateProblem"/> (401) otherwise.</summary>
    public static string Verify(string token, MonetateUsers users, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw Invalid("the JWT must have three dot-separated parts");
        }
        using var header = ParseSegment(parts[0], "header");
        using var payload = ParseSegment(parts[1], "payload");
        var hash = HashFor(header.RootElement);
        var username = payload.RootElement.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String
            ? user.GetString()!
            : throw Invalid("the JWT payload needs a string 'username' claim");
        if (!users.IsKnown(username))
        {
            throw Invalid($"unknown API user '{username}'");
        }
        var signature = Decode(parts[2]) ?? throw Invalid("the JWT signature is not base64url");
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!users.Verify(username, signed, signature, hash))
        {
            throw Invalid("the JWT signature does not verify with the user's public key");
        }
        if (!payload.RootElement.TryGetProperty("iat", out var iat) || !iat.TryGetDouble(out var issuedAt))
        {
            throw Invalid("the JWT payload needs a numeric 'iat' claim");
        }
        var skew = Math.Abs(now.ToUnixTimeMilliseconds() / 1000.0 - issuedAt);
        if (double.IsNaN(skew) || skew > AllowedSkew.TotalSeconds)
        {
            throw Invalid("the JWT 'iat' is too far from the current time");
        }
        return username;
    }

    private static HashAlgorithmName HashFor(JsonElement header)
    {
        var alg = header.TryGetProperty("alg", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return alg switch
        {
            "RS256" => HashAlgorithmName.SHA256,
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            _ => throw Invalid($"JWT algorithm '{alg}' is not accepted (RS256, RS384 or RS512)"),
        };
    }

    private static JsonDocument ParseSegment(string segment, string what)
    {
        var bytes = Decode(segment) ?? throw Invalid($"the JWT {what} is not base64url");
        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Invalid($"the JWT {what} is not a JSON object");
            }
            return document;
        }
        catch (JsonException)
        {
            throw Invalid($"the JWT {what} is not JSON");
        }
    }

    private static byte[]? Decode(string segment)
    {
        if (segment.Length == 0 || !Base64Url.IsValid(segment))
        {
            return null;
        }
        return Base64Url.DecodeFromChars(segment);
    }

    private static MonetateProblem Invalid(string reason) => MonetateProblem.Unauthorized($"Invalid JWT: {reason}.");
}
