using System.Net;
using System.Security.Cryptography;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

/// <summary>Schemas and rows live in the emulator's SQLite file, per retailer; tokens live in memory.</summary>
public sealed class MonetatePersistenceTests : IDisposable
{
    private const string SentTime = "2026-11-25T12:00:00Z";

    private readonly string _dataPath = Path.Combine(
        Directory.CreateTempSubdirectory("optix-emulator-tests-").FullName, "monetate.db");

    private readonly RSA _alice = RSA.Create(2048);

    private readonly ManualClock _clock = new();

    [Fact]
    public async Task Schemas_and_rows_survive_a_restart_but_tokens_do_not()
    {
        string oldToken;
        await using (var first = await StartAsync("acme"))
        {
            oldToken = await RefreshAsync(first);
            using var api = TokenClient(first, oldToken);
            (await api.PostAsync(Schemas("acme"), Schema("loyalty", "customer_id", ("email", true)))).Expect(HttpStatusCode.Created);
            (await api.PatchAsync(Schemas("acme") + "loyalty/", new { fields = new Dictionary<string, object> { ["tier"] = MonetateSchemaTests.Field() } }))
                .Expect(HttpStatusCode.OK);
            (await api.PatchAsync(Schemas("acme") + "loyalty/", new { named_identifier = "customer" })).Expect(HttpStatusCode.OK);
            (await api.PostAsync(Data("acme", "loyalty"), Rows(
                """{"customer_id":"c1","email":"a@x.y"}""", """{"customer_id":"c2","email":"b@x.y","tier":"gold"}""")))
                .Expect(HttpStatusCode.Created);
        }

        await using var second = await StartAsync("acme");
        using (var stale = TokenClient(second, oldToken))
        {
            (await stale.GetAsync(Schemas("acme"))).ExpectMonetateError(HttpStatusCode.Unauthorized);
        }
        using var again = await DataClientAsync(second);
        var schema = (await again.GetAsync(Schemas("acme") + "loyalty/")).Expect(HttpStatusCode.OK).Json["data"]!;
        Assert.Equal("customer", schema["named_identifier"]!.GetValue<string>());
        Assert.Equal(["customer_id", "email", "tier"], schema["fields"]!.AsObject().Select(field => field.Key));
        Assert.True(schema["fields"]!["email"]!["unique_key"]!.GetValue<bool>());
        Assert.Equal("gold", MonetateDataTests.Row((await SpotCheckAsync(again, "acme", "loyalty", "c2")).Expect(HttpStatusCode.OK))["tier"]!.GetValue<string>());

        // The unique key still replaces the row stored before the restart.
        (await again.PostAsync(Data("acme", "loyalty"), Rows("""{"customer_id":"c3","email":"a@x.y"}"""))).Expect(HttpStatusCode.Created);
        (await SpotCheckAsync(again, "acme", "loyalty", "c1")).ExpectMonetateError(HttpStatusCode.NotFound);
        (await SpotCheckAsync(again, "acme", "loyalty", "c3")).Expect(HttpStatusCode.OK);

        // Deleting the schema deletes its stored rows: a new schema of the same name starts empty.
        (await again.DeleteAsync(Schemas("acme") + "loyalty/")).Expect(HttpStatusCode.NoContent);
        (await again.PostAsync(Schemas("acme"), Schema("loyalty", "customer_id"))).Expect(HttpStatusCode.Created);
        (await SpotCheckAsync(again, "acme", "loyalty", "c2")).ExpectMonetateError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retailer_sees_only_its_own_schemas_and_rows()
    {
        await using (var shopA = await StartAsync("shop-a"))
        {
            using var api = await DataClientAsync(shopA);
            (await api.PostAsync(Schemas("shop-a"), Schema("customers", "customer_id"))).Expect(HttpStatusCode.Created);
            (await api.PostAsync(Schemas("shop-a"), Schema("only_a", "customer_id"))).Expect(HttpStatusCode.Created);
            (await api.PostAsync(Data("shop-a", "customers"), Rows("""{"customer_id":"c1"}"""))).Expect(HttpStatusCode.Created);
        }

        await using (var shopB = await StartAsync("shop-b"))
        {
            using var api = await DataClientAsync(shopB);
            Assert.Empty((await api.GetAsync(Schemas("shop-b"))).Expect(HttpStatusCode.OK).Json["data"]!.AsArray());
            (await api.GetAsync(Schemas("shop-b") + "only_a/")).ExpectMonetateError(HttpStatusCode.NotFound);
            (await api.PostAsync(Data("shop-b", "only_a"), Rows("""{"customer_id":"c1"}"""))).ExpectMonetateError(HttpStatusCode.NotFound);
            (await api.DeleteAsync(Schemas("shop-b") + "only_a/")).ExpectMonetateError(HttpStatusCode.NotFound);
            (await api.PostAsync(Schemas("shop-b"), Schema("customers", "sku"))).Expect(HttpStatusCode.Created);
            (await api.PostAsync(Data("shop-b", "customers"), Rows("""{"sku":"c1"}"""))).Expect(HttpStatusCode.Created);
        }

        await using var shopAAgain = await StartAsync("shop-a");
        using var client = await DataClientAsync(shopAAgain);
        var names = (await client.GetAsync(Schemas("shop-a"))).Expect(HttpStatusCode.OK).Json["data"]!.AsArray()
            .Select(schema => schema!["name"]!.GetValue<string>());
        Assert.Equal(["customers", "only_a"], names);
        var row = MonetateDataTests.Row((await SpotCheckAsync(client, "shop-a", "customers", "c1")).Expect(HttpStatusCode.OK));
        Assert.Equal("""{"customer_id":"c1"}""", row.ToJsonString());
    }

    public void Dispose()
    {
        _alice.Dispose();
        Directory.Delete(Path.GetDirectoryName(_dataPath)!, recursive: true);
    }

    private static string Schemas(string retailer) => $"/api/data/v1/{retailer}/production/schema/";

    private static string Data(string retailer, string schema) => $"/api/data/v1/{retailer}/production/data/{schema}/";

    private static string Rows(params string[] rows) => $$"""{"schema_rows":[{{string.Join(",", rows)}}],"_sent_time":"{{SentTime}}"}""";

    private static object Schema(string name, string identifier, (string Name, bool UniqueKey)? other = null)
    {
        var fields = new Dictionary<string, object> { [identifier] = MonetateSchemaTests.Field(identifier: true, required: true) };
        if (other is { } field)
        {
            fields[field.Name] = MonetateSchemaTests.Field(uniqueKey: field.UniqueKey);
        }
        return MonetateSchemaTests.Schema(name, fields);
    }

    private Task<RunningEmulator> StartAsync(string retailer)
    {
        var options = TestBrands.Options();
        options.DataPath = _dataPath;
        options.TimeProvider = _clock;
        options.Retailer = retailer;
        options.MonetateUsers["alice"] = _alice.ExportSubjectPublicKeyInfoPem();
        return EmulatorHost.StartAsync(options);
    }

    private static ApiClient TokenClient(RunningEmulator emulator, string token) =>
        new(emulator.RootUri, ("Authorization", "Token " + token));

    private async Task<string> RefreshAsync(RunningEmulator emulator)
    {
        using var auth = new ApiClient(emulator.RootUri, ("Authorization", "JWT " + MonetateTestJwt.Create(_alice, "alice", _clock.GetUtcNow())));
        return (await auth.GetAsync(MonetateFixture.RefreshPath)).Expect(HttpStatusCode.OK).Json["data"]!["token"]!.GetValue<string>();
    }

    private async Task<ApiClient> DataClientAsync(RunningEmulator emulator) => TokenClient(emulator, await RefreshAsync(emulator));

    /// <summary>Spot checks are limited to one a second per user: each starts a second after the last.</summary>
    private async Task<ApiResponse> SpotCheckAsync(ApiClient api, string retailer, string schema, string id)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return await api.GetAsync($"{Data(retailer, schema)}?id={Uri.EscapeDataString(id)}");
    }
}
