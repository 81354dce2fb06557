using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Http;

/// <summary>Turns every failure into a FastAPI-shaped JSON answer.</summary>
internal sealed class ApiProblemMiddleware(RequestDelegate next, ILogger<ApiProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiProblem problem) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, problem.StatusCode, problem.Body, problem.RetryAfterSeconds);
        }
        catch (BadHttpRequestException badRequest) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, badRequest.StatusCode, new DetailBody(badRequest.Message));
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, new DetailBody("Internal Server Error"));
        }
    }

    private static Task WriteAsync(HttpContext context, int statusCode, object body, int? retryAfterSeconds = null)
    {
        context.Response.Clear();
        context.Response.StatusCode = statusCode;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var shaped = context.RequestServices.GetRequiredService<AnswerShaper>().ErrorBody(context, statusCode, body);
        return context.Response.WriteAsJsonAsync(shaped, shaped.GetType(), EmulatorJson.Options);
    }
}
