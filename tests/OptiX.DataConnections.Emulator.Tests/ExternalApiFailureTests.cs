using System.Diagnostics;
using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>Timeouts and retries of the external API calls a query makes.</summary>
public sealed class ExternalApiFailureTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task Two_failures_then_a_success_answer_the_query_after_three_calls()
    {
        // Call 1 is the test call at creation.
        await using var external = await ExternalApiServer.StartAsync(
            (_, n) => n is 2 or 3 ? new ExternalReply(503, """{"detail":"busy"}""") : ExternalReply.Json("""{"id":1,"ok":true}"""));
        var connection = await CreateAsync(external, retries: 2);

        var response = await Api.QueryAsync(connection, 1);

        Assert.Equal("""{"data":{"id":1,"ok":true}}""", response.Expect(HttpStatusCode.OK).Body);
        Assert.Equal(1 + 3, external.CallCount);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        await using var external = await ExternalApiServer.StartAsync(
            (_, n) => n == 2 ? ExternalReply.Drop : ExternalReply.Json("""{"id":1}"""));
        var connection = await CreateAsync(external, retries: 1);

        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);

        Assert.Equal(1 + 2, external.CallCount);
    }

    [Fact]
    public async Task When_the_retries_run_out_the_query_is_a_502_saying_what_failed()
    {
        await using var external = await ExternalApiServer.StartAsync(
            (_, n) => n == 1 ? ExternalReply.Json("{}") : new ExternalReply(500, """{"detail":"boom"}"""));
        var connection = await CreateAsync(external, retries: 2);

        var response = await Api.QueryAsync(connection, 1);

        response.Expect(HttpStatusCode.BadGateway);
        Assert.Equal("External API failed: it answered 500 Internal Server Error (3 attempts)", response.Detail);
        Assert.Equal(1 + 3, external.CallCount);
    }

    [Fact]
    public async Task A_4xx_answer_is_not_retried()
    {
        await using var external = await ExternalApiServer.StartAsync(
            (_, n) => n == 1 ? ExternalReply.Json("{}") : new ExternalReply(404, """{"detail":"no"}"""));
        var connection = await CreateAsync(external, retries: 3);

        var response = await Api.QueryAsync(connection, 1);

        response.Expect(HttpStatusCode.BadGateway);
        Assert.Equal("External API failed: it answered 404 Not Found (1 attempt)", response.Detail);
        Assert.Equal(2, external.CallCount);
    }

    [Fact]
    public async Task An_answer_that_is_not_JSON_is_a_502()
    {
        await using var external = await ExternalApiServer.StartAsync((_, n) => n == 1 ? ExternalReply.Json("{}") : new ExternalReply(200, "oops"));
        var connection = await CreateAsync(external, retries: 0);

        var response = await Api.QueryAsync(connection, 1);

        response.Expect(HttpStatusCode.BadGateway);
        Assert.Equal("External API failed: its answer is not JSON (1 attempt)", response.Detail);
    }

    [Fact]
    public async Task An_API_that_does_not_answer_in_time_is_a_504_after_timeout_times_attempts_and_no_later()
    {
        await using var external = await ExternalApiServer.StartAsync(
            (_, n) => n == 1 ? ExternalReply.Json("{}") : new ExternalReply(200, "{}", TimeSpan.FromSeconds(30)));
        var connection = await CreateAsync(external, retries: 1, timeout: 1);
        var clock = Stopwatch.StartNew();

        var response = await Api.QueryAsync(connection, 1);

        response.Expect(HttpStatusCode.GatewayTimeout);
        Assert.Equal("External API timed out: no answer within 1 s (2 attempts)", response.Detail);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(5));
        Assert.Equal(1 + 2, external.CallCount);
    }

    private Task<string> CreateAsync(ExternalApiServer external, int retries, int timeout = 5) =>
        Api.CreateApiConnectionAsync(new { url = external.Root + "/r", http_method = "GET", ttl = 0, retries, timeout });
}
