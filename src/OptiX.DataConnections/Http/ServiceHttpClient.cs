using System.Net;
using System.Net.Sockets;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OptiX.DataConnections.Http;

/// <summary>
/// The vendor-neutral HTTP core: one <see cref="HttpClient"/>, pluggable authentication and error translation, and
/// a Polly pipeline that retries throttling, server errors and transport failures within a total time budget.
/// </summary>
public sealed class ServiceHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly IRequestAuthenticator _authenticator;
    private readonly IErrorTranslator _errors;
    private readonly ResilienceSettings _settings;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly bool _loopback;

    public ServiceHttpClient(
        Uri baseUri,
        IRequestAuthenticator authenticator,
        IErrorTranslator errors,
        ResilienceSettings settings,
        HttpMessageHandler? handler = null)
    {
        settings.Validate();
        _baseUri = baseUri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _authenticator = authenticator;
        _errors = errors;
        _settings = settings.Clone();
        _loopback = ServiceBaseUri.IsLoopback(_baseUri);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        _http.Timeout = Timeout.InfiniteTimeSpan;

        // No "Expect: 100-continue": .NET Framework's handler would otherwise hold each upload's body until the server
        // answers 100 (or 350 ms pass); the services never need it (see Platform.NetFrameworkTransport).
        _http.DefaultRequestHeaders.ExpectContinue = false;
        _pipeline = BuildPipeline(_settings);
    }

    /// <summary>Raised before each retry, on whatever thread the request runs.</summary>
    public event EventHandler<RetryNotice>? Retrying;

    public Uri BaseUri => _baseUri;

    public async Task<ServiceResponse> SendAsync(
        HttpMethod method,
        string relativePath,
        RequestBody? body,
        CancellationToken cancellationToken)
    {
        var route = $"{method.Method} /{relativePath.TrimStart('/')}";
        var state = new CallState(route);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallState.Key, state);
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async ctx =>
                {
                    state.Attempts++;
                    using var request = new HttpRequestMessage(method, new Uri(_baseUri, relativePath.TrimStart('/')));
                    request.Headers.Accept.ParseAdd("application/json");
                    if (body is not null)
                    {
                        request.Content = body.CreateContent();
                    }

                    await _authenticator.AuthenticateAsync(request, ctx.CancellationToken).ConfigureAwait(false);
                    var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken)
                        .ConfigureAwait(false);
                    state.Answered = true;
                    return answer;
                },
                context).ConfigureAwait(false);

            var raw = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var json = TryParse(raw);
            if (!response.IsSuccessStatusCode)
            {
                throw _errors.Translate(response.StatusCode, json, raw, route, state.Attempts);
            }

            return new ServiceResponse(response.StatusCode, json, state.Attempts, !string.IsNullOrWhiteSpace(raw));
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var budget = ex.Timeout == _settings.MaxRetryTime
                ? $"the retry budget of {_settings.MaxRetryTime.TotalSeconds:0.#} s ran out"
                : $"no answer within {_settings.RequestTimeout.TotalSeconds:0.#} s";
            throw new ServiceException(
                ServiceErrorKind.Timeout,
                $"{route} gave up after {state.Attempts} attempt(s): {budget}{state.LastFailureSuffix}.",
                route,
                attempts: state.Attempts,
                innerException: ex)
            { NoAnswer = !state.Answered };
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested && IsNotListening(ex))
        {
            var authority = _baseUri.GetLeftPart(UriPartial.Authority);
            throw new ServiceException(
                ServiceErrorKind.NotRunning,
                $"{route} failed: the emulator at {_baseUri.AbsoluteUri.TrimEnd('/')} is not running (nothing listens at {authority}); "
                + "start it with Start-DCEmulator, or connect to one that runs.",
                route,
                attempts: state.Attempts,
                innerException: ex)
            { NoAnswer = !state.Answered };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new ServiceException(
                ServiceErrorKind.Transport,
                $"{route} failed after {state.Attempts} attempt(s): {ex.Message}",
                route,
                attempts: state.Attempts,
                innerException: ex)
            { NoAnswer = !state.Answered };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose() => _http.Dispose();

    internal static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or (HttpStatusCode)429
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// A refused connection to a loopback base URI: nothing listens there, so retrying for minutes would only hide
    /// that the local emulator is gone. (Elsewhere a refusal can be a restart or a load balancer, and is retried.)
    /// </summary>
    private bool IsNotListening(Exception exception)
    {
        if (!_loopback)
        {
            return false;
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private static JToken? TryParse(string raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        try
        {
            using var reader = new JsonTextReader(new StringReader(raw)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(ResilienceSettings settings)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(settings.MaxRetryTime);
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>(ex => !IsNotListening(ex))
                    .Handle<TimeoutRejectedException>()
                    .Handle<IOException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                DelayGenerator = args =>
                {
                    var retryAfter = RetryAfter.GetDelay(args.Outcome.Result?.Headers.RetryAfter, DateTimeOffset.UtcNow);
                    TimeSpan? delay = retryAfter is { } wait && wait > settings.MaxDelay ? settings.MaxDelay : retryAfter;
                    return new ValueTask<TimeSpan?>(delay);
                },
                OnRetry = args =>
                {
                    var state = args.Context.Properties.GetValue(CallState.Key, null!);
                    var status = args.Outcome.Result?.StatusCode;
                    var reason = status is { } s
                        ? $"{(int)s} {args.Outcome.Result!.ReasonPhrase}"
                        : args.Outcome.Exception is TimeoutRejectedException
                            ? $"no answer within {settings.RequestTimeout.TotalSeconds:0.#} s"
                            : args.Outcome.Exception?.GetBaseException().Message ?? "failed";
                    state.LastFailure = reason;
                    args.Outcome.Result?.Dispose();
                    Retrying?.Invoke(this, new RetryNotice(state.Route, args.AttemptNumber + 1, args.RetryDelay, status, reason));
                    return default;
                },
            });
        }

        return builder.AddTimeout(settings.RequestTimeout).Build();
    }

    private sealed class CallState
    {
        public static readonly ResiliencePropertyKey<CallState> Key = new("OptiX.CallState");

        public CallState(string route) => Route = route;

        public string Route { get; }

        public int Attempts { get; set; }

        /// <summary>Whether any attempt got an HTTP answer (of any status).</summary>
        public bool Answered { get; set; }

        public string? LastFailure { get; set; }

        public string LastFailureSuffix => LastFailure is null ? string.Empty : $" (last failure: {LastFailure})";
    }
}
