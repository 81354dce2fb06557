using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary><c>/admin/faults</c>: hidden without the admin key, and the way to change faults at run time.</summary>
public sealed class AdminApiTests
{
    [Theory]
    [InlineData("GET", null)]
    [InlineData("PUT", """{"spec":"*:500=1"}""")]
    [InlineData("DELETE", null)]
    [InlineData("POST", "{}")]
    public async Task Without_the_admin_key_the_admin_routes_answer_like_routes_that_do_not_exist(string method, string? body)
    {
        await using var emulator = await FaultyEmulator.StartAsync();
        using var noKey = new ApiClient(emulator.Emulator.RootUri);
        using var wrongKey = new ApiClient(emulator.Emulator.RootUri, ("x-admin-key", "not-" + FaultyEmulator.AdminKey));
        using var brandKeys = new ApiClient(emulator.Emulator.RootUri, ("x-brand-key", TestBrands.Main.BrandKey), ("x-api-key", TestBrands.Main.ApiKey));

        var unknown = await noKey.SendAsync(method, "/no/such/route", body);
        foreach (var client in new[] { noKey, wrongKey, brandKeys })
        {
            var response = await client.SendAsync(method, "/admin/faults", body);

            response.Expect(HttpStatusCode.NotFound);
            Assert.Equal("""{"detail":"Not Found"}""", response.Body);
            Assert.Equal(unknown.Body, response.Body);
        }
        // The PUT did not take effect.
        (await emulator.Api.GetAsync("/connections")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_the_key_faults_are_read_set_and_removed()
    {
        await using var emulator = await FaultyEmulator.StartAsync();
        var connection = await emulator.Api.CreateConnectionAsync();

        Assert.Equal("""{"spec":null,"seed":null}""", (await emulator.Admin.GetAsync("/admin/faults")).Expect(HttpStatusCode.OK).Body);

        var set = await emulator.SetFaultsAsync(" query:500=1 ; seed=3 ");
        Assert.Equal("""{"spec":"query:500=1 ; seed=3","seed":3}""", set.Expect(HttpStatusCode.OK).Body);
        Assert.Equal(set.Body, (await emulator.Admin.GetAsync("/admin/faults")).Expect(HttpStatusCode.OK).Body);
        (await emulator.Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.InternalServerError);

        (await emulator.Admin.DeleteAsync("/admin/faults")).Expect(HttpStatusCode.NoContent);
        Assert.Equal("""{"spec":null,"seed":null}""", (await emulator.Admin.GetAsync("/admin/faults")).Body);
        (await emulator.Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);

        (await emulator.SetFaultsAsync("query:500=1")).Expect(HttpStatusCode.OK);
        Assert.Equal("""{"spec":null,"seed":null}""", (await emulator.SetFaultsAsync("")).Expect(HttpStatusCode.OK).Body);
        (await emulator.Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_spec_without_a_seed_reports_the_seed_it_runs_with_so_the_run_can_be_repeated()
    {
        await using var emulator = await FaultyEmulator.StartAsync();
        var connection = await emulator.Api.CreateConnectionAsync();

        var seed = (await emulator.SetFaultsAsync("query:500=0.5")).Expect(HttpStatusCode.OK).Json["seed"]!.GetValue<int>();
        var first = await StatusesAsync(emulator, connection);
        (await emulator.SetFaultsAsync($"query:500=0.5;seed={seed}")).Expect(HttpStatusCode.OK);
        var repeated = await StatusesAsync(emulator, connection);

        Assert.Equal(first, repeated);
    }

    [Theory]
    [InlineData("""{"spec":"uploads:500=1"}""", "Unknown route 'uploads'")]
    [InlineData("""{"spec":"query:500=0.7,503=0.5"}""", "add up to 1.2")]
    [InlineData("""{"spec":"query:latency=9-3"}""", "latency")]
    public async Task An_invalid_spec_is_a_400_saying_why_and_leaves_the_faults_as_they_were(string body, string reason)
    {
        await using var emulator = await FaultyEmulator.StartAsync("schema:500=1;seed=1");

        var response = await emulator.Admin.PutAsync("/admin/faults", body);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.StartsWith("Invalid fault spec: ", response.Detail);
        Assert.Contains(reason, response.Detail);
        Assert.Equal("schema:500=1;seed=1", (await emulator.Admin.GetAsync("/admin/faults")).Json["spec"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"spec":5}""")]
    [InlineData("""{"spec":null}""")]
    public async Task A_body_without_a_spec_string_is_a_422(string body)
    {
        await using var emulator = await FaultyEmulator.StartAsync();

        var response = await emulator.Admin.PutAsync("/admin/faults", body);

        response.ExpectValidationErrorAt("body", "spec");
    }

    [Fact]
    public async Task Admin_routes_are_not_subject_to_faults()
    {
        await using var emulator = await FaultyEmulator.StartAsync("*:500=1,latency=0");

        (await emulator.Admin.GetAsync("/admin/faults")).Expect(HttpStatusCode.OK);
        (await emulator.Admin.DeleteAsync("/admin/faults")).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Without_a_configured_admin_key_each_emulator_gets_a_random_one_that_works()
    {
        await using var first = await EmulatorHost.StartAsync(new EmulatorOptions());
        await using var second = await EmulatorHost.StartAsync(new EmulatorOptions());

        Assert.Matches("^[0-9a-f]{32}$", first.AdminKey);
        Assert.NotEqual(first.AdminKey, second.AdminKey);
        using var admin = new ApiClient(first.RootUri, ("x-admin-key", first.AdminKey));
        (await admin.GetAsync("/admin/faults")).Expect(HttpStatusCode.OK);
        using var otherKey = new ApiClient(first.RootUri, ("x-admin-key", second.AdminKey));
        (await otherKey.GetAsync("/admin/faults")).Expect(HttpStatusCode.NotFound);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(FaultyEmulator emulator, string connection)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add((await emulator.Api.QueryAsync(connection, 1)).Status);
        }
        Assert.Contains(HttpStatusCode.InternalServerError, statuses);
        Assert.Contains(HttpStatusCode.NotFound, statuses);
        return statuses;
    }
}
