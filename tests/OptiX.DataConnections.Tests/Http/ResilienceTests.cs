using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Tests.Support;

namespace OptiX.DataConnections.Tests.Http;

/// <summary>Retrying, against a real loopback server that answers as each test scripts.</summary>
public class ResilienceTests
{
    [Fact]
    public async Task A_refused_loopback_connection_is_not_retried_and_says_the_emulator_is_not_running()
    {
        var port = FreePort();
        using var client = TestClients.Client(
            new Uri($"http://127.0.0.1:{port}/api/data-connections/v1"),
            new ResilienceSettings { MaxRetries = 8, MaxRetryTime = TimeSpan.FromMinutes(5), BaseDelay = TimeSpan.FromSeconds(1) });
        var retries = 0;
        client.Retrying += (_, _) => retries++;

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectionsAsync(CancellationToken.None));

        Assert.Equal(ServiceErrorKind.NotRunning, error.Kind);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(0, retries);
        Assert.Contains($"the emulator at http://127.0.0.1:{port}/api/data-connections/v1 is not running", error.Message);
        Assert.Contains("Start-DCEmulator", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");

        static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var free = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return free;
        }
    }

    [Fact]
    public async Task Throttling_is_retried_after_the_Retry_After_delay()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsync("""{"detail":"slow down"}""");
                return;
            }

            await context.Response.WriteAsync("[]");
        });
        using var client = TestClients.Client(server.BaseUri);
        var notices = new List<RetryNotice>();
        client.Retrying += (_, notice) => notices.Add(notice);

        var watch = Stopwatch.StartNew();
        await client.GetConnectionsAsync(CancellationToken.None);

        Assert.Equal(2, server.Requests);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {watch.Elapsed}");
        var notice = Assert.Single(notices);
        Assert.Equal((HttpStatusCode)429, notice.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), notice.Delay);
    }

    [Fact]
    public async Task A_Retry_After_date_is_honoured()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R");
                return;
            }

            await context.Response.WriteAsync("[]");
        });
        using var client = TestClients.Client(server.BaseUri);
        var notices = new List<RetryNotice>();
        client.Retrying += (_, notice) => notices.Add(notice);

        var watch = Stopwatch.StartNew();
        await client.GetConnectionsAsync(CancellationToken.None);

        Assert.Equal(2, server.Requests);
        var notice = Assert.Single(notices);
        Assert.InRange(notice.Delay, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2.1));
        Assert.True(watch.Elapsed >= notice.Delay - TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Backoff_without_Retry_After_has_jitter()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        var settings = TestClients.FastRetries(maxRetries: 6);
        settings.BaseDelay = TimeSpan.FromMilliseconds(20);
        var delays = new List<TimeSpan>();
        for (var run = 0; run < 2; run++)
        {
            using var client = TestClients.Client(server.BaseUri, settings);
            client.Retrying += (_, notice) => delays.Add(notice.Delay);
            await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectionsAsync(CancellationToken.None));
        }

        Assert.Equal(12, delays.Count);
        Assert.True(delays.Distinct().Count() > 6, "the delays repeat: no jitter");
        Assert.True(delays.Skip(6).Last() > delays.First(), "the backoff did not grow");
    }

    [Fact]
    public async Task Server_errors_are_retried_until_they_pass()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            context.Response.StatusCode = n <= 2 ? 503 : 200;
            await context.Response.WriteAsync(n <= 2 ? "busy" : "[]");
        });
        using var client = TestClients.Client(server.BaseUri);

        await client.GetConnectionsAsync(CancellationToken.None);

        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Retries_stop_at_the_limit_and_the_error_says_how_many_were_made()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("""{"detail":"down for maintenance"}""");
        });
        using var client = TestClients.Client(server.BaseUri, TestClients.FastRetries(maxRetries: 2));

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectionsAsync(CancellationToken.None));

        Assert.Equal(3, server.Requests);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(ServiceErrorKind.ServerError, error.Kind);
        Assert.Contains("down for maintenance", error.Message);
    }

    [Fact]
    public async Task The_total_retry_budget_bounds_the_wait()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "2";
            await context.Response.WriteAsync("{}");
        });
        using var client = TestClients.Client(server.BaseUri, TestClients.FastRetries(maxRetries: 50, budgetSeconds: 1));

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectionsAsync(CancellationToken.None));

        Assert.Equal(ServiceErrorKind.Timeout, error.Kind);
        Assert.Contains("retry budget", error.Message);
        Assert.Contains("429", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"detail":"Invalid API key or brand key"}""");
        });
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectionsAsync(CancellationToken.None));

        Assert.Equal(1, server.Requests);
        Assert.Equal(ServiceErrorKind.Unauthorized, error.Kind);
    }

    [Fact]
    public async Task A_hung_request_times_out_and_is_retried()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { });
                return;
            }

            await context.Response.WriteAsync("[]");
        });
        var settings = TestClients.FastRetries();
        settings.RequestTimeout = TimeSpan.FromMilliseconds(300);
        using var client = TestClients.Client(server.BaseUri, settings);

        await client.GetConnectionsAsync(CancellationToken.None);

        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Cancellation_stops_a_request_at_once()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }));
        using var client = TestClients.Client(server.BaseUri);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetConnectionsAsync(cancellation.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Keys_are_sent_as_headers_and_never_appear_in_errors()
    {
        string? apiKey = null;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            apiKey = context.Request.Headers["x-api-key"];
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"detail":"bad"}""");
        });
        using var client = TestClients.Client(server.BaseUri, credentials: TestClients.Credentials("s3cret-api-key", "brand-123"));

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectionsAsync(CancellationToken.None));

        Assert.Equal("s3cret-api-key", apiKey);
        Assert.DoesNotContain("s3cret", error.ToString());
    }
}
