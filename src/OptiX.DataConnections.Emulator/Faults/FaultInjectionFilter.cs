using System.Globalization;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Faults;

/// <summary>
/// Injects the faults <see cref="FaultInjector"/> decides, on authenticated API requests (a request that fails
/// authentication is answered as usual and draws nothing). The latency comes first. A 429 (with <c>Retry-After</c>),
/// 500 or 503 is answered instead of running the endpoint, so it changes nothing; so is a <c>drop</c>. A
/// <c>dropafter</c> runs the endpoint (its change is applied, committed) and loses the answer. A dropped answer is a
/// 200 status line and the start of a body, then the connection is reset: the client fails while reading the response
/// (and, having received part of it, does not transparently resend the request).
/// Fault answers carry <c>x-emulator-fault</c> so a log can tell them from real ones.
/// </summary>
internal sealed class FaultInjectionFilter(FaultInjector injector) : IEndpointFilter
{
    public const string FaultHeader = "x-emulator-fault";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<FaultRoute>() is not { } route)
        {
            return await next(context);
        }
        var decision = injector.Decide(route.Name);
        if (decision.LatencyMs > 0)
        {
            await Task.Delay(decision.LatencyMs, http.RequestAborted);
        }
        switch (decision.Kind)
        {
            case FaultKind.TooManyRequests:
                http.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Answer(http, "429", StatusCodes.Status429TooManyRequests, "Too Many Requests");
            case FaultKind.InternalServerError:
                return Answer(http, "500", StatusCodes.Status500InternalServerError, "Internal Server Error");
            case FaultKind.ServiceUnavailable:
                return Answer(http, "503", StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
            case FaultKind.Drop:
                await DropAsync(http, "drop");
                return Results.Empty;
            case FaultKind.DropAfter:
                try
                {
                    await next(context);
                }
                catch (ApiProblem)
                {
                    // Rejected, so nothing was applied; the answer is lost all the same.
                }
                await DropAsync(http, "dropafter");
                return Results.Empty;
            default:
                return await next(context);
        }
    }

    private static IResult Answer(HttpContext http, string fault, int status, string detail)
    {
        http.Response.Headers[FaultHeader] = fault;
        return ApiResults.Json(new DetailBody(detail), status);
    }

    private static async Task DropAsync(HttpContext http, string fault)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers[FaultHeader] = fault;
        response.ContentType = "application/json";
        response.ContentLength = 1024;
        await response.Body.WriteAsync("{\"st"u8.ToArray(), http.RequestAborted);
        await response.Body.FlushAsync(http.RequestAborted);
        http.Abort();
    }
}
