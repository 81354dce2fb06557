using System.Text.Json;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Json;

internal static class JsonBody
{
    /// <summary>
    /// Parses the request body; a missing or malformed body is a 422. A body over the size limit makes Kestrel
    /// throw a 413 <see cref="BadHttpRequestException"/>, which <see cref="ApiProblemMiddleware"/> answers.
    /// </summary>
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            throw ApiProblem.Validation(ValidationError.Missing(["body"]));
        }
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw ApiProblem.Validation(new ValidationError(["body"], exception.Message, "value_error.jsondecode"));
        }
    }
}
