using System.Security.Cryptography;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

public sealed class MonetateOptionsTests
{
    [Fact]
    public void Monetate_users_and_retailer_are_parsed_and_the_key_file_is_read()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        var path = Path.Combine(Path.GetTempPath(), $"monetate-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, pem);
        try
        {
            var options = EmulatorOptions.Parse(["--monetate-user", "api-user=" + path, "--retailer", "acme"]);

            Assert.Equal(pem, options.MonetateUsers["api-user"]);
            Assert.Equal("acme", options.Retailer);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_retailer_defaults_to_emulator_and_there_are_no_users()
    {
        var options = EmulatorOptions.Parse([]);

        Assert.Equal("emulator", options.Retailer);
        Assert.Empty(options.MonetateUsers);
    }

    [Fact]
    public void An_unreadable_key_file_is_a_clear_argument_exception()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pem");

        var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--monetate-user", "u=" + missing]));

        Assert.Contains("cannot read the public key file", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_public_key_is_an_argument_exception()
    {
        var path = Path.Combine(Path.GetTempPath(), $"monetate-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, "not a key");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--monetate-user", "u=" + path]));
            Assert.Contains("RSA public key", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--monetate-user", "no-equals")]
    [InlineData("--monetate-user", "=key.pem")]
    [InlineData("--monetate-user", "user=")]
    [InlineData("--retailer", "has/slash")]
    [InlineData("--retailer", "has space")]
    public void Malformed_values_are_argument_exceptions(string name, string value) =>
        Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse([name, value]));
}
