using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OptiX.DataConnections.Emulator.Tests.Infrastructure;

/// <summary>A request the fake external API received (headers with lower-case names).</summary>
public sealed record ExternalCall(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// What the fake external API answers: a status, a body (JSON unless the test says otherwise) and a delay;
/// <see cref="Drop"/> closes the connection without an answer.
/// </summary>
public sealed record ExternalReply(int Status, string Body, TimeSpan Delay = default)
{
    public static ExternalReply Drop { get; } = new(0, "");

    /// <summary>More response headers (for example Location on a redirect).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static ExternalReply Json(string body) => new(200, body);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a connection's external API. It records every request and answers
/// with whatever the test's function returns for it (the function also gets the 1-based number of the call).
/// </summary>
public sealed class ExternalApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ExternalCall> _calls = new();
    private Func<ExternalCall, int, ExternalReply> _reply;
    private int _count;

    private ExternalApiServer(Func<ExternalCall, int, ExternalReply> reply)
    {
        _reply = reply;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSetting("urls", "");
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.Run(HandleAsync);
    }

    /// <summary><c>http://127.0.0.1:PORT</c> (no trailing slash).</summary>
    public string Root { get; private set; } = "";

    public IReadOnlyList<ExternalCall> Calls => [.. _calls];

    public int CallCount => _calls.Count;

    public static Task<ExternalApiServer> StartAsync(string json) => StartAsync((_, _) => ExternalReply.Json(json));

    public static async Task<ExternalApiServer> StartAsync(Func<ExternalCall, int, ExternalReply> reply)
    {
        var server = new ExternalApiServer(reply);
        await server._app.StartAsync();
        var addresses = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.Root = addresses.Addresses.Single().TrimEnd('/');
        return server;
    }

    /// <summary>A URL on 127.0.0.1 where nothing listens (connection refused).</summary>
    public static string RefusingUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/nobody-home";
    }

    /// <summary>Changes the answers from now on.</summary>
    public void ReplyWith(Func<ExternalCall, int, ExternalReply> reply) => _reply = reply;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(
            header => header.Key.ToLowerInvariant(), header => header.Value.ToString(), StringComparer.Ordinal);
        var call = new ExternalCall(
            context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body);
        var number = Interlocked.Increment(ref _count);
        _calls.Enqueue(call);
        var reply = _reply(call, number);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (ReferenceEquals(reply, ExternalReply.Drop))
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }
        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
