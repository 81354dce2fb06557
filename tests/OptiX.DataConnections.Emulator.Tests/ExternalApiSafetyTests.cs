using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OptiX.DataConnections.Emulator.ExternalApi;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>
/// API-based connections cannot turn the emulator against itself or the host: no self-calls, no loops through other
/// emulators, no redirects, bounded answers, and one text for every way a connection fails.
/// </summary>
public sealed class ExternalApiSafetyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    private int OwnPort => fixture.Emulator.RootUri.Port;

    [Theory]
    [InlineData("http://127.0.0.1:{port}/api/data-connections/v1/connections")]
    [InlineData("http://localhost:{port}/api/data-connections/v1/connections/{primary_key}/query")]
    [InlineData("http://127.1.2.3:{port}/")]
    [InlineData("http://0.0.0.0:{port}/")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/")]
    public async Task A_url_that_leads_to_the_emulator_itself_is_refused_at_creation_and_it_stays_responsive(string template)
    {
        var url = template.Replace("{port}", OwnPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await Api.PostAsync("/connections", new
        {
            name = "self",
            primary_key = "id",
            external_api_details = new
            {
                url,
                http_method = "POST",
                headers = new Dictionary<string, string> { ["x-api-key"] = TestBrands.Main.ApiKey, ["x-brand-key"] = TestBrands.Main.BrandKey },
                sample_placeholder_values = new { primary_key = "1" },
            },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("this emulator itself", response.Detail);
        (await Api.GetAsync("/connections")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_placeholder_that_fills_in_the_emulators_own_port_at_query_time_is_refused_without_a_call()
    {
        await using var external = await ExternalApiServer.StartAsync("""{"id":"1"}""");
        var externalPort = new Uri(external.Root).Port;
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = "http://127.0.0.1:{port}/api/data-connections/v1/connections/{conn}/query",
            http_method = "POST",
            headers = new Dictionary<string, string> { ["x-api-key"] = TestBrands.Main.ApiKey, ["x-brand-key"] = TestBrands.Main.BrandKey },
            body = new { primary_key = "{primary_key}", placeholder_values = new { port = "{port}", conn = "{conn}" } },
            ttl = 0,
            sample_placeholder_values = new { port = externalPort, conn = "x", primary_key = "1" },
        });

        var stopwatch = Stopwatch.StartNew();
        var response = await Api.PostAsync($"/connections/{connection}/query", new
        {
            primary_key = "1",
            placeholder_values = new { port = OwnPort, conn = connection },
        });

        response.Expect(HttpStatusCode.BadGateway);
        Assert.Contains("this emulator itself", response.Detail);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
        Assert.Single(external.Calls);
        (await Api.GetAsync("/connections")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_loop_of_two_connections_through_two_emulators_is_cut_by_the_hop_guard_and_both_stay_responsive()
    {
        await using var other = await EmulatorHost.StartAsync(TestBrands.Options());
        using var otherApi = new ApiClient(other.BaseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
        await using var harmless = await ExternalApiServer.StartAsync("""{"id":"1"}""");
        var a = await Api.CreateApiConnectionAsync(Details(harmless.Root + "/a"));
        var b = await otherApi.CreateApiConnectionAsync(Details(harmless.Root + "/b"));

        // A (here) reads from B (there), and B reads from A: each change is tested while the other still reads harmlessly.
        (await Api.PutAsync($"/connections/{a}", new { external_api_details = Details(QueryUrl(other.BaseUri, b)) })).Expect(HttpStatusCode.OK);
        (await otherApi.PutAsync($"/connections/{b}", new { external_api_details = Details(QueryUrl(fixture.Emulator.BaseUri, a)) })).Expect(HttpStatusCode.OK);
        var callsBefore = harmless.CallCount;

        var stopwatch = Stopwatch.StartNew();
        var response = await Api.QueryAsync(a, "1");

        Assert.Equal(HttpStatusCode.BadGateway, response.Status);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
        Assert.Equal(callsBefore, harmless.CallCount);
        (await Api.GetAsync("/connections")).Expect(HttpStatusCode.OK);
        (await otherApi.GetAsync("/connections")).Expect(HttpStatusCode.OK);

        // The innermost refusal is the guard's 508 (seen directly by sending the header a chain would have).
        using var deep = fixture.ClientWithHeaders(
            ("x-api-key", TestBrands.Main.ApiKey), ("x-brand-key", TestBrands.Main.BrandKey), (HopGuard.Header, HopGuard.MaxHops.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var refused = await deep.PostAsync($"/connections/{a}/query", new { primary_key = "1" });
        Assert.Equal((HttpStatusCode)508, refused.Status);
        Assert.Contains("Loop detected", refused.Detail);

        static object Details(string url) => new
        {
            url,
            http_method = "POST",
            headers = new Dictionary<string, string> { ["x-api-key"] = TestBrands.Main.ApiKey, ["x-brand-key"] = TestBrands.Main.BrandKey },
            body = new { primary_key = "{primary_key}" },
            ttl = 0,
            sample_placeholder_values = new { primary_key = "1" },
        };

        static string QueryUrl(Uri baseUri, string connection) => $"{baseUri}/connections/{connection}/query";
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_is_reported_as_a_failure_of_the_external_api()
    {
        await using var elsewhere = await ExternalApiServer.StartAsync("""{"id":"1"}""");
        await using var redirecting = await ExternalApiServer.StartAsync((_, _) =>
            new ExternalReply(307, "") { Headers = new Dictionary<string, string> { ["Location"] = elsewhere.Root + "/stolen" } });

        var response = await Api.PostAsync("/connections", new
        {
            name = "redirect",
            primary_key = "id",
            external_api_details = new
            {
                url = redirecting.Root + "/items",
                http_method = "POST",
                headers = new Dictionary<string, string> { ["x-api-key"] = "secret-for-the-first-host" },
                body = new { q = 1 },
            },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("307", response.Detail);
        Assert.Contains("redirects are not followed", response.Detail);
        Assert.Single(redirecting.Calls);
        Assert.Empty(elsewhere.Calls);
    }

    [Fact]
    public async Task A_refused_port_and_a_port_that_does_not_speak_HTTP_fail_with_the_same_text()
    {
        var refusing = ExternalApiServer.RefusingUrl();
        using var notHttp = new TcpListener(IPAddress.Loopback, 0);
        notHttp.Start();
        var serving = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await notHttp.AcceptTcpClientAsync();
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.6\r\n"));
            }
        });
        var notHttpUrl = $"http://127.0.0.1:{((IPEndPoint)notHttp.LocalEndpoint).Port}/nobody-home";

        var first = await CreateAsync(refusing);
        var second = await CreateAsync(notHttpUrl);

        first.Expect(HttpStatusCode.BadRequest);
        second.Expect(HttpStatusCode.BadRequest);
        Assert.Contains(ExternalApiClient.NoAnswer, first.Detail);
        Assert.Equal(first.Detail.Replace(refusing, "URL", StringComparison.Ordinal), second.Detail.Replace(notHttpUrl, "URL", StringComparison.Ordinal));
        notHttp.Stop();

        Task<ApiResponse> CreateAsync(string url) => Api.PostAsync("/connections", new
        {
            name = "probe",
            primary_key = "id",
            external_api_details = new { url, http_method = "GET" },
        });
    }

    [Fact]
    public async Task An_answer_larger_than_the_limit_is_a_failure_not_a_record()
    {
        var big = "[" + string.Join(",", Enumerable.Repeat("\"" + new string('x', 1000) + "\"", (ExternalApiClient.MaxAnswerBytes / 1003) + 10)) + "]";
        await using var external = await ExternalApiServer.StartAsync(big);

        var response = await Api.PostAsync("/connections", new
        {
            name = "big",
            primary_key = "id",
            external_api_details = new { url = external.Root + "/all", http_method = "GET" },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("larger than", response.Detail);
    }

    [Fact]
    public async Task At_most_16_external_calls_are_on_their_way_at_once()
    {
        var delay = TimeSpan.FromSeconds(1);
        var starts = new System.Collections.Concurrent.ConcurrentQueue<DateTime>();
        await using var external = await ExternalApiServer.StartAsync((call, _) =>
        {
            starts.Enqueue(DateTime.UtcNow);
            return new ExternalReply(200, "{\"id\":\"x\"}", delay);
        });
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/items/{primary_key}",
            http_method = "GET",
            ttl = 0,
            sample_placeholder_values = new { primary_key = "sample" },
        });
        starts.Clear();

        // Three batch queries of 12 keys each: up to 36 calls would start at once without the bound.
        var queries = Enumerable.Range(0, 3).Select(batch => Api.PostAsync($"/connections/{connection}/api_batch_query", new
        {
            queries = Enumerable.Range(0, 12).Select(i => new { primary_key = $"k{batch}-{i}" }).ToArray(),
        }));
        var answers = await Task.WhenAll(queries);

        Assert.All(answers, answer => answer.Expect(HttpStatusCode.OK));
        var times = starts.Order().ToList();
        Assert.Equal(36, times.Count);
        // The 17th call can start only when one of the first 16 has ended, a second after it started.
        for (var i = 0; i + ExternalApiClient.MaxConcurrentCalls < times.Count; i++)
        {
            var gap = times[i + ExternalApiClient.MaxConcurrentCalls] - times[i];
            Assert.True(gap >= delay * 0.8, $"calls {i} and {i + ExternalApiClient.MaxConcurrentCalls} started {gap.TotalMilliseconds:0} ms apart");
        }
    }
}
