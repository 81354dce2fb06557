using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

/// <summary>Builds the JWT a Monetate client signs, with the platform's RSA (PKCS#1 v1.5).</summary>
public static class MonetateTestJwt
{
    public static string Create(RSA privateKey, string username, DateTimeOffset issuedAt, string alg = "RS256")
    {
        var hash = alg switch
        {
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        var unsigned = Unsigned(alg, new { username, iat = issuedAt.ToUnixTimeSeconds() });
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(unsigned), hash, RSASignaturePadding.Pkcs1);
        return unsigned + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>A token signed with HMAC-SHA256 (the classic algorithm-confusion attempt).</summary>
    public static string CreateHs256(byte[] secret, string username, DateTimeOffset issuedAt)
    {
        var unsigned = Unsigned("HS256", new { username, iat = issuedAt.ToUnixTimeSeconds() });
        return unsigned + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(unsigned)));
    }

    /// <summary>An <c>alg: none</c> token with an empty signature.</summary>
    public static string CreateUnsigned(string username, DateTimeOffset issuedAt) =>
        Unsigned("none", new { username, iat = issuedAt.ToUnixTimeSeconds() }) + ".";

    private static string Unsigned(string alg, object payload) =>
        Segment(new { alg, typ = "JWT" }) + "." + Segment(payload);

    private static string Segment(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
