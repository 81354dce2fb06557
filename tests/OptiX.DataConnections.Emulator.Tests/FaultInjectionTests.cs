using System.Diagnostics;
using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>Faults from <c>--faults</c> / <see cref="EmulatorOptions.Faults"/> and <c>PUT /admin/faults</c>.</summary>
public sealed class FaultInjectionTests
{
    private const string MixedSpec = "query:429=0.2,500=0.2,503=0.2;seed=42";

    [Fact]
    public async Task A_seeded_spec_gives_the_same_sequence_in_every_run_and_after_being_set_again()
    {
        List<int> first, again;
        await using (var emulator = await FaultyEmulator.StartAsync(MixedSpec))
        {
            first = await QueryStatusesAsync(emulator, 40);
            (await emulator.SetFaultsAsync(MixedSpec)).Expect(HttpStatusCode.OK);
            again = await QueryStatusesAsync(emulator, 40);
        }
        await using var other = await FaultyEmulator.StartAsync(MixedSpec);
        var second = await QueryStatusesAsync(other, 40);

        Assert.Equal(first, second);
        Assert.Equal(first, again);
        Assert.Equal([404, 429, 500, 503], first.Distinct().Order());
        (await other.SetFaultsAsync("query:429=0.2,500=0.2,503=0.2;seed=43")).Expect(HttpStatusCode.OK);
        Assert.NotEqual(first, await QueryStatusesAsync(other, 40));
    }

    [Fact]
    public async Task Requests_to_other_routes_do_not_shift_a_routes_sequence()
    {
        const string Spec = "query:500=0.5;schema:500=0.5;seed=7";
        await using var plain = await FaultyEmulator.StartAsync(Spec);
        var alone = await QueryStatusesAsync(plain, 20);

        await using var mixed = await FaultyEmulator.StartAsync(Spec);
        var connection = await CreateConnectionAsync(mixed);
        var interleaved = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            await mixed.Api.GetAsync($"/connections/{connection}/schema");
            interleaved.Add((int)(await mixed.Api.QueryAsync(connection, "nobody")).Status);
        }

        Assert.Equal(alone, interleaved);
    }

    [Theory]
    [InlineData("429", HttpStatusCode.TooManyRequests, "Too Many Requests")]
    [InlineData("500", HttpStatusCode.InternalServerError, "Internal Server Error")]
    [InlineData("503", HttpStatusCode.ServiceUnavailable, "Service Unavailable")]
    public async Task An_injected_error_is_answered_instead_of_the_endpoint_and_stores_nothing(
        string fault, HttpStatusCode status, string detail)
    {
        await using var emulator = await FaultyEmulator.StartAsync($"upload_data:{fault}=1");
        var connection = await CreateConnectionAsync(emulator);

        var response = await emulator.Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } } });

        response.Expect(status);
        Assert.Equal($$"""{"detail":"{{detail}}"}""", response.Body);
        Assert.Equal(fault, response.Headers["x-emulator-fault"]);
        Assert.Equal(fault == "429" ? "1" : null, response.Headers.GetValueOrDefault("retry-after"));
        await AssertNothingStoredAsync(emulator, connection);
    }

    [Theory]
    [InlineData("upload_data:429=1,retryafter=7", "7")]
    [InlineData("*:retryafter=3;upload_data:429=1", "3")]
    public async Task Retry_after_is_configurable_per_route_or_for_all(string spec, string retryAfter)
    {
        await using var emulator = await FaultyEmulator.StartAsync(spec);
        var connection = await CreateConnectionAsync(emulator);

        var response = await emulator.Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } } });

        response.Expect(HttpStatusCode.TooManyRequests);
        Assert.Equal(retryAfter, response.Headers["retry-after"]);
    }

    [Fact]
    public async Task Drop_resets_the_connection_before_the_endpoint_runs()
    {
        await using var emulator = await FaultyEmulator.StartAsync("upload_data:drop=1");
        var connection = await CreateConnectionAsync(emulator);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => emulator.Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } } }));

        await AssertNothingStoredAsync(emulator, connection);
    }

    [Fact]
    public async Task Dropafter_applies_the_request_then_resets_the_connection()
    {
        await using var emulator = await FaultyEmulator.StartAsync("upload_data:dropafter=1;delete_data:dropafter=1");
        var connection = await CreateConnectionAsync(emulator);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => emulator.Api.UploadAsync(connection, new { data = new[] { new { user_id = 1, v = "applied" } } }));

        var record = (await emulator.Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("applied", record["data"]!["v"]!.GetValue<string>());
        await Assert.ThrowsAsync<HttpRequestException>(
            () => emulator.Api.PostAsync($"/connections/{connection}/delete_data", new { primary_keys = new[] { 1 } }));
        (await emulator.Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Latency_delays_the_answer_by_a_time_in_the_range()
    {
        await using var emulator = await FaultyEmulator.StartAsync("schema:latency=250-300");
        var connection = await CreateConnectionAsync(emulator);
        var clock = Stopwatch.StartNew();

        (await emulator.Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK);

        Assert.True(clock.ElapsedMilliseconds >= 250, $"answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_routes_own_setting_overrides_the_one_for_all_routes()
    {
        await using var emulator = await FaultyEmulator.StartAsync("*:500=1;connections:500=0");

        var connection = await CreateConnectionAsync(emulator);

        (await emulator.Api.GetAsync("/connections")).Expect(HttpStatusCode.OK);
        (await emulator.Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.InternalServerError);
        (await emulator.Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.InternalServerError);
        (await emulator.Api.PostAsync($"/connections/{connection}/api_batch_query", new { queries = new[] { new { primary_key = 1 } } }))
            .Expect(HttpStatusCode.InternalServerError);
        (await emulator.Api.PostAsync($"/connections/{connection}/external-content/emarsys", new { primary_key = 1 }))
            .Expect(HttpStatusCode.InternalServerError);
        (await emulator.Api.GetAsync($"/connections/{connection}/references")).Expect(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Authentication_comes_before_faults()
    {
        await using var emulator = await FaultyEmulator.StartAsync("*:500=1");
        using var wrongKey = new ApiClient(emulator.Emulator.BaseUri, TestBrands.Main.BrandKey, "wrong");
        using var noKeys = new ApiClient(emulator.Emulator.BaseUri);

        (await wrongKey.GetAsync("/connections")).Expect(HttpStatusCode.Unauthorized);
        (await noKeys.GetAsync("/connections")).Expect(HttpStatusCode.UnprocessableEntity);
        (await emulator.Api.GetAsync("/connections")).Expect(HttpStatusCode.InternalServerError);
    }

    private static async Task<string> CreateConnectionAsync(FaultyEmulator emulator) =>
        await emulator.Api.CreateConnectionAsync();

    /// <summary>The status of each of <paramref name="count"/> queries for a key that does not exist (404 when no fault).</summary>
    private static async Task<List<int>> QueryStatusesAsync(FaultyEmulator emulator, int count)
    {
        var connection = await CreateConnectionAsync(emulator);
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((int)(await emulator.Api.QueryAsync(connection, "nobody")).Status);
        }
        return statuses;
    }

    private static async Task AssertNothingStoredAsync(FaultyEmulator emulator, string connection)
    {
        await emulator.ClearFaultsAsync();
        (await emulator.Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        var schema = (await emulator.Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(0, schema["record_count"]!.GetValue<long>());
    }
}
