namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>A request Monetate rejects; <see cref="MonetateProblemFilter"/> answers it with the envelope.</summary>
internal sealed class MonetateProblem(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static MonetateProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static MonetateProblem Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message);

    public static MonetateProblem Forbidden(string user) =>
        new(StatusCodes.Status403Forbidden, $"The public key of API user '{user}' is deactivated.");

    public static MonetateProblem NotFound(string message) => new(StatusCodes.Status404NotFound, message);
}

internal sealed class MonetateProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (MonetateProblem problem)
        {
            return MonetateEnvelope.Error(problem.StatusCode, problem.Message);
        }
    }
}
