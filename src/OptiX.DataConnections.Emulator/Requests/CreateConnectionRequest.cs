using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary>
/// <c>{name, primary_key, description?, external_api_details?}</c>. The details are kept as JSON text
/// (<see cref="ExternalApiDetailsJson"/>) and read into <see cref="ExternalApiDetails"/>, which checks their shape.
/// </summary>
internal sealed record CreateConnectionRequest(
    string Name, string PrimaryKey, string? Description, string? ExternalApiDetailsJson, ExternalApiDetails? ExternalApiDetails)
{
    public static CreateConnectionRequest Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var name = validator.RequiredNonEmptyString(body, "name", BodyValidator.Body);
        var primaryKey = validator.RequiredNonEmptyString(body, "primary_key", BodyValidator.Body);
        var description = validator.OptionalString(body, "description", BodyValidator.Body);
        var details = BodyValidator.Optional(body, "external_api_details") is { } detailsValue
            ? ExternalApiDetails.Parse(detailsValue, validator, BodyValidator.At(BodyValidator.Body, "external_api_details"))
            : null;
        validator.ThrowIfInvalid();
        return new CreateConnectionRequest(
            name!, primaryKey!, description, details is null ? null : body.GetProperty("external_api_details").GetRawText(), details);
    }
}
