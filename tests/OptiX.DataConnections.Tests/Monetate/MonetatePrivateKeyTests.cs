using System.Security.Cryptography;
using System.Text;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.Tests.Monetate;

public class MonetatePrivateKeyTests
{
    private static readonly MonetateKeys Keys = MonetateKeys.Create();

    public static TheoryData<string> Forms => new() { "pkcs1", "pkcs8", "encrypted-pkcs8" };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Signs_a_jwt_the_public_key_verifies(string form)
    {
        var (pem, passphrase) = form switch
        {
            "pkcs1" => (Keys.Pkcs1Pem, (string?)null),
            "pkcs8" => (Keys.Pkcs8Pem, null),
            _ => (Keys.EncryptedPkcs8Pem, MonetateKeys.Passphrase),
        };
        var path = Path.GetTempFileName();
        File.WriteAllText(path, pem);
        try
        {
            var key = MonetatePrivateKey.FromFile(path, passphrase is null ? null : SecureStrings.FromPlainText(passphrase));
            var jwt = MonetateJwt.Create("feed-user", key, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

            var parts = jwt.Split('.');
            Assert.Equal(3, parts.Length);
            Assert.Equal("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", Decode(parts[0]));
            Assert.Equal("{\"username\":\"feed-user\",\"iat\":1700000000}", Decode(parts[1]));
            using var rsa = RSA.Create();
            rsa.ImportFromPem(Keys.PublicPem);
            Assert.True(rsa.VerifyData(
                Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlBytes(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            Assert.Equal(2048, key.KeySize);
            Assert.DoesNotContain("MII", key.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_encrypted_key_without_its_passphrase_asks_for_it()
    {
        var ex = Assert.Throws<MonetateKeyException>(() => MonetatePrivateKey.FromPem(SecureStrings.FromPlainText(Keys.EncryptedPkcs8Pem)));
        Assert.True(ex.NeedsPassphrase);
    }

    [Fact]
    public void A_wrong_passphrase_is_refused_without_echoing_it()
    {
        var ex = Assert.Throws<MonetateKeyException>(() =>
            MonetatePrivateKey.FromPem(SecureStrings.FromPlainText(Keys.EncryptedPkcs8Pem), SecureStrings.FromPlainText("wrong-secret")));
        Assert.Contains("passphrase is wrong", ex.Message);
        Assert.DoesNotContain("wrong-secret", ex.ToString());
    }

    [Theory]
    [InlineData("not a key at all", "is not a PEM file")]
    [InlineData("public", "holds a public key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "could not be read")]
    public void Unusable_keys_are_refused_with_the_reason(string pem, string reason)
    {
        var text = pem == "public" ? Keys.PublicPem : pem;
        var ex = Assert.Throws<MonetateKeyException>(() => MonetatePrivateKey.FromPem(SecureStrings.FromPlainText(text)));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void An_elliptic_curve_key_is_refused()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ex = Assert.Throws<MonetateKeyException>(() => MonetatePrivateKey.FromPem(SecureStrings.FromPlainText(ec.ExportPkcs8PrivateKeyPem())));
        Assert.Contains("does not hold an RSA private key", ex.Message);
    }

    private static string Decode(string part) => Encoding.UTF8.GetString(Base64UrlBytes(part));

    private static byte[] Base64UrlBytes(string part)
    {
        var text = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
    }
}
