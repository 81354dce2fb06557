using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

/// <summary><c>--monetate-user NAME=PUBLIC_KEY.pem</c> and <c>--retailer SHORTNAME</c> on the emulator executable.</summary>
public sealed class MonetateProgramTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("optix-emulator-monetate-").FullName;

    [Fact]
    public async Task The_executable_serves_a_user_whose_public_key_file_it_was_given_under_its_retailer()
    {
        using var key = RSA.Create(2048);
        var keyPath = Path.Combine(_directory, "api-user.pem");
        await File.WriteAllTextAsync(keyPath, key.ExportSubjectPublicKeyInfoPem());
        using var process = EmulatorProcess.Start(
            "--port", "0", "--monetate-user", "api-user=" + keyPath, "--retailer", "shop-1", "--exit-on-stdin-close");
        try
        {
            var banner = await EmulatorProcess.ReadBannerAsync(process);
            var root = new Uri(Assert.Single(Regex.Matches(banner[^1], @"^Now listening on: (http://127\.0\.0\.1:\d+)$")).Groups[1].Value);

            using var auth = new ApiClient(root, ("Authorization", "JWT " + MonetateTestJwt.Create(key, "api-user", DateTimeOffset.UtcNow)));
            var refreshed = (await auth.GetAsync("/api/auth/v0/refresh/")).Expect(HttpStatusCode.OK);
            using var api = new ApiClient(root, ("Authorization", "Token " + refreshed.Json["data"]!["token"]!.GetValue<string>()));

            var fields = new Dictionary<string, object>
            {
                ["customer_id"] = MonetateSchemaTests.Field(identifier: true, required: true),
                ["tier"] = MonetateSchemaTests.Field(),
            };
            (await api.PostAsync("/api/data/v1/shop-1/production/schema/", MonetateSchemaTests.Schema("members", fields)))
                .Expect(HttpStatusCode.Created);
            var posted = (await api.PostAsync(
                "/api/data/v1/shop-1/production/data/members/",
                """{"schema_rows":[{"customer_id":"c1","tier":"gold"}],"_sent_time":"2026-11-25T12:00:00Z"}""")).Expect(HttpStatusCode.Created);
            Assert.Single(posted.Json["data"]!["schema_rows"]!.AsArray());
            var row = (await api.GetAsync("/api/data/v1/shop-1/production/data/members/?id=c1")).Expect(HttpStatusCode.OK);
            Assert.Equal("""{"customer_id":"c1","tier":"gold"}""", MonetateDataTests.Row(row).ToJsonString());
            (await api.GetAsync("/api/data/v1/emulator/production/schema/")).ExpectMonetateError(HttpStatusCode.NotFound);

            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            EmulatorProcess.StopIfRunning(process);
        }
    }

    [Fact]
    public async Task The_usage_names_the_monetate_options()
    {
        var error = await FailedStartAsync("--retailer");

        Assert.Contains("[--monetate-user NAME=PUBLIC_KEY.pem]...", error, StringComparison.Ordinal);
        Assert.Contains("[--retailer SHORTNAME]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_file_stops_the_start_with_exit_code_2()
    {
        var missing = Path.Combine(_directory, "missing.pem");

        var error = await FailedStartAsync("--monetate-user", "api-user=" + missing);

        Assert.Contains($"--monetate-user 'api-user': cannot read the public key file '{missing}'", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<string> FailedStartAsync(params string[] args)
    {
        using var process = EmulatorProcess.Start(args);
        var error = await process.StandardError.ReadToEndAsync().WaitAsync(EmulatorProcess.Timeout);
        await process.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);
        Assert.Equal(2, process.ExitCode);
        return error;
    }
}
