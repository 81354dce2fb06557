using System.Security;
using OptiX.DataConnections.Security;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// The API user's RSA private key, read from PEM (PKCS#1 <c>RSA PRIVATE KEY</c>, PKCS#8 <c>PRIVATE KEY</c>, or either
/// encrypted with a passphrase) by BouncyCastle, because netstandard2.0 has no PEM import. It signs JWTs and is
/// never written anywhere.
/// </summary>
public sealed class MonetatePrivateKey
{
    private readonly RsaKeyParameters _key;

    private MonetatePrivateKey(RsaKeyParameters key) => _key = key;

    /// <summary>The key's size in bits.</summary>
    public int KeySize => _key.Modulus.BitLength;

    public static MonetatePrivateKey FromFile(string path, SecureString? passphrase = null)
    {
        if (path.Contains("-----BEGIN") || path.IndexOfAny(['\r', '\n']) >= 0)
        {
            // PEM text where a path belongs (a variable mixed up): say so without echoing the key.
            throw new MonetateKeyException("The private key path holds PEM text, not a file path. Give the text as the key itself (-PrivateKey, or MONETATE_PRIVATE_KEY).");
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MonetateKeyException($"The private key file '{path}' could not be read: {ex.Message}", ex);
        }

        return FromPem(pem, passphrase, $"'{path}'");
    }

    public static MonetatePrivateKey FromPem(SecureString pem, SecureString? passphrase = null) =>
        FromPem(SecureStrings.ToPlainText(pem), passphrase, "The private key");

    /// <summary>Signs <paramref name="data"/> with RSASSA-PKCS1-v1_5 and SHA-256 (the JWT algorithm RS256).</summary>
    public byte[] SignRs256(byte[] data)
    {
        ISigner signer = SignerUtilities.GetSigner("SHA-256withRSA");
        signer.Init(true, _key);
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"MonetatePrivateKey(RSA {KeySize} bits)";

    private static MonetatePrivateKey FromPem(string pem, SecureString? passphrase, string source)
    {
        if (!pem.Contains("-----BEGIN"))
        {
            throw new MonetateKeyException($"{source} is not a PEM file: expected a '-----BEGIN ... PRIVATE KEY-----' block.");
        }

        if (pem.Contains("BEGIN PUBLIC KEY") && !pem.Contains("PRIVATE KEY"))
        {
            throw new MonetateKeyException($"{source} holds a public key. Sign with the private key; the public key is the one registered in Monetate.");
        }

        bool encrypted = pem.Contains("ENCRYPTED");
        if (encrypted && (passphrase is null || passphrase.Length == 0))
        {
            throw new MonetateKeyException($"{source} is encrypted: give its passphrase.", needsPassphrase: true);
        }

        object? read;
        try
        {
            using var reader = new StringReader(pem);
            read = new PemReader(reader, encrypted ? new Passphrase(passphrase!) : null).ReadObject();
        }
        catch (Exception ex) when (ex is IOException or InvalidCipherTextException or PemException or ArgumentException or InvalidOperationException or SecurityUtilityException)
        {
            var why = encrypted ? "the passphrase is wrong or the key is damaged" : "the PEM block is damaged";
            throw new MonetateKeyException($"{source} could not be read: {why}.", ex);
        }

        var key = read switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter parameter => parameter,
            _ => null,
        };
        if (key is RsaKeyParameters { IsPrivate: true } rsa)
        {
            return new MonetatePrivateKey(rsa);
        }

        throw new MonetateKeyException($"{source} does not hold an RSA private key (Monetate signs JWTs with RS256).");
    }

    private sealed class Passphrase : IPasswordFinder
    {
        private readonly SecureString _secret;

        public Passphrase(SecureString secret) => _secret = secret;

        public char[] GetPassword() => SecureStrings.ToPlainText(_secret).ToCharArray();
    }
}
