using System.Security.Cryptography;
using System.Text;

namespace OptiX.DataConnections.Emulator.Http;

/// <summary>The brand key / API key pairs the emulator accepts.</summary>
internal sealed class BrandCredentials(IReadOnlyDictionary<string, string> apiKeysByBrandKey)
{
    private readonly (byte[] BrandKey, byte[] ApiKey, string Brand)[] _pairs =
        [.. apiKeysByBrandKey.Select(pair => (Encoding.UTF8.GetBytes(pair.Key), Encoding.UTF8.GetBytes(pair.Value), pair.Key))];

    /// <summary>The brand the pair belongs to, or null. Compares every pair in constant time.</summary>
    public string? Authenticate(string brandKey, string apiKey)
    {
        var brandBytes = Encoding.UTF8.GetBytes(brandKey);
        var apiBytes = Encoding.UTF8.GetBytes(apiKey);
        string? match = null;
        foreach (var pair in _pairs)
        {
            // Non-short-circuit '&' so a wrong brand key takes as long as a wrong API key.
            if (CryptographicOperations.FixedTimeEquals(pair.BrandKey, brandBytes)
                & CryptographicOperations.FixedTimeEquals(pair.ApiKey, apiBytes))
            {
                match = pair.Brand;
            }
        }
        return match;
    }
}
