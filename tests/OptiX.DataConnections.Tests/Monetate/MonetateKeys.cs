using System.Security.Cryptography;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.Tests.Monetate;

/// <summary>An RSA key pair made for the test run, in the PEM forms users have.</summary>
internal sealed class MonetateKeys
{
    public const string Passphrase = "correct horse battery staple";

    private MonetateKeys(RSA rsa)
    {
        PublicPem = rsa.ExportSubjectPublicKeyInfoPem();
        Pkcs1Pem = rsa.ExportRSAPrivateKeyPem();
        Pkcs8Pem = rsa.ExportPkcs8PrivateKeyPem();
        EncryptedPkcs8Pem = rsa.ExportEncryptedPkcs8PrivateKeyPem(
            Passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10000));
    }

    public string PublicPem { get; }

    public string Pkcs1Pem { get; }

    public string Pkcs8Pem { get; }

    public string EncryptedPkcs8Pem { get; }

    public MonetatePrivateKey PrivateKey => MonetatePrivateKey.FromPem(SecureStrings.FromPlainText(Pkcs8Pem));

    public static MonetateKeys Create()
    {
        using var rsa = RSA.Create(2048);
        return new MonetateKeys(rsa);
    }
}
