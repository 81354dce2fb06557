using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OptiX.DataConnections.Emulator.ExternalApi;

/// <summary>A JSON answer from an external API, or why there is none.</summary>
internal sealed record ExternalAnswer(string? Json, ExternalFailure? Failure)
{
    public static ExternalAnswer Success(string json) => new(json, null);
}

/// <summary>Why a call failed, after how many attempts; <see cref="TimedOut"/> when the last attempt got no answer in time.</summary>
internal sealed record ExternalFailure(bool TimedOut, string Reason, int Attempts)
{
    public string Describe() =>
        $"{(TimedOut ? "External API timed out" : "External API failed")}: {Reason} "
        + $"({Attempts} {(Attempts == 1 ? "attempt" : "attempts")})";
}

/// <summary>
/// Sends external API calls. Each attempt has the connection's timeout; a transport failure, a timeout or a 5xx is
/// retried at once, up to <c>retries</c> more times, so a call never takes much more than timeout x (retries + 1).
/// Another status (a 3xx too: redirects are not followed, so a body or a custom header never goes on to another
/// address), a 2xx whose body is not JSON or is larger than <see cref="MaxAnswerBytes"/>, or a URL that leads back to
/// this emulator, fails without a retry. At most <see cref="MaxConcurrentCalls"/> calls are on their way at once (the
/// others wait, within their timeout). Every way of failing to get an answer reads the same
/// (<see cref="NoAnswer"/>), so the messages do not tell a closed port from one that speaks another protocol.
/// </summary>
internal sealed class ExternalApiClient : IDisposable
{
    public const int MaxAnswerBytes = 16 * 1024 * 1024;
    public const int MaxConcurrentCalls = 16;
    public const string NoAnswer = "no HTTP answer from it (the connection failed)";

    private static readonly ProductInfoHeaderValue _userAgent = new("OptiX-DataConnections-Emulator", "1.0");

    private readonly SemaphoreSlim _slots = new(MaxConcurrentCalls, MaxConcurrentCalls);
    private readonly SelfAddress _self;
    private readonly HttpClient _http;

    public ExternalApiClient(SelfAddress self)
    {
        _self = self;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = MaxConcurrentCalls,
            UseProxy = false,
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<ExternalAnswer> SendAsync(ExternalRequest request, TimeSpan timeout, int retries, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (answer, failure, retry) = await AttemptAsync(request, timeout, cancellationToken);
            if (answer is not null)
            {
                return ExternalAnswer.Success(answer);
            }
            if (!retry || attempt > retries)
            {
                return new ExternalAnswer(null, failure! with { Attempts = attempt });
            }
        }
    }

    private async Task<(string? Json, ExternalFailure? Failure, bool Retry)> AttemptAsync(
        ExternalRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var message = ToMessage(request);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        var holdsSlot = false;
        try
        {
            await _slots.WaitAsync(attempt.Token);
            holdsSlot = true;
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                var redirect = status is >= 300 and < 400 ? " (redirects are not followed)" : "";
                var reason = $"it answered {status} {response.ReasonPhrase}".TrimEnd() + redirect;
                return (null, new ExternalFailure(false, reason, 1), status >= 500);
            }
            var text = await ReadBoundedAsync(response.Content, attempt.Token);
            if (text is null)
            {
                return (null, new ExternalFailure(false, $"its answer is larger than {MaxAnswerBytes / (1024 * 1024)} MiB", 1), false);
            }
            return IsJson(text) ? (text, null, false) : (null, new ExternalFailure(false, "its answer is not JSON", 1), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new ExternalFailure(true, $"no answer within {timeout.TotalSeconds:0.###} s", 1), true);
        }
        catch (HttpRequestException exception) when (FindInner<SelfCallException>(exception) is { } self)
        {
            return (null, new ExternalFailure(false, self.Message, 1), false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return (null, new ExternalFailure(false, NoAnswer, 1), true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
        {
            // A header value the HTTP stack refuses to send, for example one with a line break.
            return (null, new ExternalFailure(false, $"the request could not be sent: {exception.Message}", 1), false);
        }
        finally
        {
            if (holdsSlot)
            {
                _slots.Release();
            }
        }
    }

    /// <summary>The body as text, or null when it is larger than <see cref="MaxAnswerBytes"/> (after decompression).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxAnswerBytes)
        {
            return null;
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Resolves the host and connects, unless an address it resolves to is this emulator's own listener: a connection
    /// whose URL leads back to the emulator would call itself, and itself again, until the process runs out of resources.
    /// </summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Any(address => _self.IsSelf(address, port)))
        {
            throw new SelfCallException();
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found)
            {
                return found;
            }
        }
        return null;
    }

    private static HttpRequestMessage ToMessage(ExternalRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.Body is { } body)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        foreach (var (name, value) in request.Headers)
        {
            if (message.Headers.TryAddWithoutValidation(name, value))
            {
                continue;
            }
            // Content-Type and the other content headers; without a body there is nothing to describe.
            if (message.Content is { } content)
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (!message.Headers.Contains("Accept"))
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }
        if (!message.Headers.Contains("User-Agent"))
        {
            message.Headers.UserAgent.Add(_userAgent);
        }
        // Ours, whatever the connection's headers say: another emulator counts it to stop a loop of connections.
        message.Headers.Remove(HopGuard.Header);
        message.Headers.TryAddWithoutValidation(HopGuard.Header, (HopGuard.Current + 1).ToString(CultureInfo.InvariantCulture));
        return message;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    private sealed class SelfCallException()
        : Exception("the url leads to this emulator itself (its own listener), which would call itself without end");
}
