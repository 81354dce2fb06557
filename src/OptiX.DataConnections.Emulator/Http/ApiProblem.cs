namespace OptiX.DataConnections.Emulator.Http;

/// <summary>
/// A request the API rejects. Thrown from anywhere in a request; <see cref="ApiProblemMiddleware"/> writes it,
/// and a write transaction it escapes from is rolled back, so a rejected request changes nothing.
/// </summary>
internal sealed class ApiProblem(int statusCode, object body) : Exception(DescribeBody(body))
{
    public int StatusCode { get; } = statusCode;

    public object Body { get; } = body;

    /// <summary>Sent as <c>Retry-After</c> when set (a 503 the client should retry).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiProblem Validation(IReadOnlyList<ValidationError> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, new ValidationErrorBody(errors));

    public static ApiProblem Validation(ValidationError error) => Validation([error]);

    public static ApiProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, new DetailBody(detail));

    public static ApiProblem MissingPrimaryKeys(string detail, IReadOnlyList<string> keys) =>
        new(StatusCodes.Status400BadRequest, new MissingPrimaryKeysBody(detail, keys));

    public static ApiProblem Unauthorized() =>
        new(StatusCodes.Status401Unauthorized, new DetailBody("Invalid API key or brand key"));

    public static ApiProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, new DetailBody(detail));

    public static ApiProblem ConnectionNotFound() => NotFound("Data connection not found");

    public static ApiProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, new DetailBody(detail));

    public static ApiProblem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, new DetailBody(detail));

    private static string DescribeBody(object body) => body is DetailBody detail ? detail.Detail : body.GetType().Name;
}
