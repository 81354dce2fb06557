using System.Net;
using System.Security.Cryptography;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

/// <summary>One emulator per test class with two Monetate users (alice, bob), retailer <c>acme</c>, manual clock.</summary>
public sealed class MonetateFixture : IAsyncLifetime
{
    public const string Retailer = "acme";
    public const string DataBase = "/api/data/v1/" + Retailer + "/production";
    public const string RefreshPath = "/api/auth/v0/refresh/";
    public const string AdminKey = "monetate-admin-key";

    private RunningEmulator? _emulator;

    public ManualClock Clock { get; } = new();

    public RSA Alice { get; } = RSA.Create(2048);

    public RSA Bob { get; } = RSA.Create(2048);

    public RunningEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not started.");

    public async Task InitializeAsync()
    {
        var options = TestBrands.Options();
        options.TimeProvider = Clock;
        options.Retailer = Retailer;
        options.AdminKey = AdminKey;
        options.MonetateUsers["alice"] = Alice.ExportSubjectPublicKeyInfoPem();
        options.MonetateUsers["bob"] = Bob.ExportSubjectPublicKeyInfoPem();
        _emulator = await EmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
        Alice.Dispose();
        Bob.Dispose();
    }

    public ApiClient Client(params (string Name, string Value)[] headers) =>
        new(new Uri(Emulator.BaseUri.GetLeftPart(UriPartial.Authority)), headers);

    /// <summary>A client of the admin routes (<c>x-admin-key</c> set).</summary>
    public ApiClient Admin() => Client(("x-admin-key", AdminKey));

    public async Task<ApiResponse> RefreshAsync(string jwt, string query = "")
    {
        using var client = Client(("Authorization", "JWT " + jwt));
        return await client.GetAsync(RefreshPath + query);
    }

    /// <summary>A Data API client with a fresh token for alice (or the user given).</summary>
    public async Task<ApiClient> DataClientAsync(string user = "alice")
    {
        var key = user == "bob" ? Bob : Alice;
        var response = (await RefreshAsync(MonetateTestJwt.Create(key, user, Clock.GetUtcNow()))).Expect(HttpStatusCode.OK);
        return Client(("Authorization", "Token " + response.Json["data"]!["token"]!.GetValue<string>()));
    }
}
