using System.Security.Cryptography;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>Parsing of <c>--monetate-user NAME=PUBLIC_KEY.pem</c> and <c>--retailer SHORTNAME</c>.</summary>
internal static class MonetateUserOption
{
    public static void Add(IDictionary<string, string> users, string value)
    {
        var separator = value.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0 || separator == value.Length - 1)
        {
            throw new ArgumentException($"--monetate-user must look like NAME=PUBLIC_KEY.pem, not '{value}'.");
        }
        var name = value[..separator];
        var pem = ResolvePem(name, value[(separator + 1)..]);
        if (!users.TryAdd(name, pem))
        {
            throw new ArgumentException($"--monetate-user '{name}' is given more than once.");
        }
    }

    public static string ParseRetailer(string value) =>
        value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? throw new ArgumentException($"--retailer needs a short name of letters, digits, '-', '_' or '.', not '{value}'.")
            : value;

    /// <summary>PEM text is kept as is; anything else is a file path that is read. Either must hold an RSA public key.</summary>
    public static string ResolvePem(string name, string textOrPath)
    {
        string pem;
        if (textOrPath.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            pem = textOrPath;
        }
        else
        {
            try
            {
                pem = File.ReadAllText(textOrPath);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new ArgumentException(
                    $"--monetate-user '{name}': cannot read the public key file '{textOrPath}': {exception.Message}", exception);
            }
        }
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            throw new ArgumentException(
                $"--monetate-user '{name}': '{textOrPath}' does not hold an RSA public key in PEM form.", exception);
        }
        return pem;
    }
}
