using System.Security.Cryptography;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>The registered Monetate API users and their RSA public keys (PEM).</summary>
internal sealed class MonetateUsers(IReadOnlyDictionary<string, string> pemByUser)
{
    public static MonetateUsers From(IDictionary<string, string> configured) =>
        new(configured.ToDictionary(
            user => user.Key, user => MonetateUserOption.ResolvePem(user.Key, user.Value), StringComparer.Ordinal));

    public bool IsKnown(string user) => pemByUser.ContainsKey(user);

    /// <summary>True when <paramref name="signature"/> over <paramref name="signed"/> verifies with the user's key.</summary>
    public bool Verify(string user, byte[] signed, byte[] signature, HashAlgorithmName hash)
    {
        if (!pemByUser.TryGetValue(user, out var pem))
        {
            return false;
        }
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.VerifyData(signed, signature, hash, RSASignaturePadding.Pkcs1);
    }
}
