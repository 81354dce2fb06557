using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary><c>{name, primary_key, description?, external_api_details?}</c>; the details are kept as JSON text.</summary>
internal sealed record CreateConnectionRequest(string Name, string PrimaryKey, string? Description, string? ExternalApiDetails)
{
    public static CreateConnectionRequest Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var name = validator.RequiredNonEmptyString(body, "name", BodyValidator.Body);
        var primaryKey = validator.RequiredNonEmptyString(body, "primary_key", BodyValidator.Body);
        var description = validator.OptionalString(body, "description", BodyValidator.Body);
        var details = validator.OptionalObject(body, "external_api_details", BodyValidator.Body);
        validator.ThrowIfInvalid();
        return new CreateConnectionRequest(name!, primaryKey!, description, details?.GetRawText());
    }
}
