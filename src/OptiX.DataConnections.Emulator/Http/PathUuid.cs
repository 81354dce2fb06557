using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Http;

/// <summary>FastAPI validates uuid path parameters: a malformed one is a 422, not a 404.</summary>
internal static class PathUuid
{
    public static Guid Parse(string value, string name)
    {
        if (Guid.TryParse(value, out var uuid))
        {
            return uuid;
        }
        throw ApiProblem.Validation(
            new ValidationError(BodyValidator.At(["path"], name), "value is not a valid uuid", "type_error.uuid"));
    }
}
