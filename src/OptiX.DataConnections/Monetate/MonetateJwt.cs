using System.Text;
using Newtonsoft.Json;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// The JWT the Auth API trades for a token: header <c>{"alg":"RS256","typ":"JWT"}</c>, claims <c>username</c> and
/// <c>iat</c>, signed by <see cref="MonetatePrivateKey"/> (the cryptography is BouncyCastle's; this only encodes).
/// </summary>
public static class MonetateJwt
{
    private const string Header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

    public static string Create(string apiUser, MonetatePrivateKey key, DateTimeOffset issuedAt)
    {
        var claims = new StringBuilder();
        using (var writer = new JsonTextWriter(new StringWriter(claims)))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("username");
            writer.WriteValue(apiUser);
            writer.WritePropertyName("iat");
            writer.WriteValue(issuedAt.ToUnixTimeSeconds());
            writer.WriteEndObject();
        }

        var signingInput = Base64Url(Encoding.UTF8.GetBytes(Header)) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToString()));
        var signature = key.SignRs256(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
