using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// The registered Monetate API users and their RSA public keys (PEM). A key can be deactivated at run time (revoked,
/// in Monetate's terms) and activated again; the state is in memory, so a restart activates every key.
/// </summary>
internal sealed class MonetateUsers(IReadOnlyDictionary<string, string> pemByUser)
{
    private readonly ConcurrentDictionary<string, bool> _deactivated = new(StringComparer.Ordinal);

    public static MonetateUsers From(IDictionary<string, string> configured) =>
        new(configured.ToDictionary(
            user => user.Key, user => MonetateUserOption.ResolvePem(user.Key, user.Value), StringComparer.Ordinal));

    public bool IsKnown(string user) => pemByUser.ContainsKey(user);

    public bool IsActive(string user) => IsKnown(user) && !_deactivated.ContainsKey(user);

    /// <summary>Activates or deactivates the user's key; false when there is no such user.</summary>
    public bool SetActive(string user, bool active)
    {
        if (!IsKnown(user))
        {
            return false;
        }
        if (active)
        {
            _deactivated.TryRemove(user, out _);
        }
        else
        {
            _deactivated[user] = true;
        }
        return true;
    }

    public IReadOnlyList<MonetateUserState> States() =>
        [.. pemByUser.Keys.Order(StringComparer.Ordinal).Select(user => new MonetateUserState(user, IsActive(user)))];

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

internal sealed record MonetateUserState(string Name, bool Active);
