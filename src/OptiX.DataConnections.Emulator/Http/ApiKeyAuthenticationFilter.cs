namespace OptiX.DataConnections.Emulator.Http;

/// <summary>
/// Every API route needs <c>x-api-key</c> and <c>x-brand-key</c>: a missing header is FastAPI's 422,
/// a wrong pair 401. The authenticated brand is stored for the endpoint (<see cref="Brand"/>).
/// </summary>
internal sealed class ApiKeyAuthenticationFilter(BrandCredentials credentials) : IEndpointFilter
{
    public const string ApiKeyHeader = "x-api-key";
    public const string BrandKeyHeader = "x-brand-key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        var apiKey = headers[ApiKeyHeader];
        var brandKey = headers[BrandKeyHeader];

        var missing = new List<ValidationError>();
        if (apiKey.Count == 0)
        {
            missing.Add(ValidationError.Missing(["header", ApiKeyHeader]));
        }
        if (brandKey.Count == 0)
        {
            missing.Add(ValidationError.Missing(["header", BrandKeyHeader]));
        }
        if (missing.Count > 0)
        {
            throw ApiProblem.Validation(missing);
        }

        var brand = credentials.Authenticate(brandKey.ToString(), apiKey.ToString())
            ?? throw ApiProblem.Unauthorized();
        Brand.Set(context.HttpContext, brand);
        return next(context);
    }
}
