using System.Net;
using System.Net.Http.Headers;
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
/// Another status, or a 2xx whose body is not JSON, fails without a retry.
/// </summary>
internal sealed class ExternalApiClient : IDisposable
{
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    private static readonly ProductInfoHeaderValue _userAgent = new("OptiX-DataConnections-Emulator", "1.0");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = MaxAnswerBytes,
    };

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
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attempt.Token);
            var text = await response.Content.ReadAsStringAsync(attempt.Token);
            var status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                var reason = $"it answered {status} {response.ReasonPhrase}".TrimEnd();
                return (null, new ExternalFailure(false, reason, 1), status >= 500);
            }
            return IsJson(text) ? (text, null, false) : (null, new ExternalFailure(false, "its answer is not JSON", 1), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new ExternalFailure(true, $"no answer within {timeout.TotalSeconds:0.###} s", 1), true);
        }
        catch (HttpRequestException exception)
        {
            return (null, new ExternalFailure(false, exception.Message, 1), true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
        {
            // A header value the HTTP stack refuses to send, for example one with a line break.
            return (null, new ExternalFailure(false, $"the request could not be sent: {exception.Message}", 1), false);
        }
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

    public void Dispose() => _http.Dispose();
}
