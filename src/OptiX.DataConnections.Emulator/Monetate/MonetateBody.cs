using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>Reads a request body that must be a JSON object; anything else is a 400 envelope.</summary>
internal static class MonetateBody
{
    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw MonetateProblem.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw MonetateProblem.BadRequest("The request body is not valid JSON.");
        }
    }
}
