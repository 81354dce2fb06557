using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary>
/// <c>{name?, description?, external_api_details?}</c>. A field that is absent or null stays as it is,
/// so a client that serializes every property cannot wipe one by accident. New external_api_details replace the
/// old ones whole. <see cref="PrimaryKey"/> is accepted only to check that it did not change.
/// </summary>
internal sealed record UpdateConnectionRequest(
    string? Name, string? Description, string? ExternalApiDetailsJson, ExternalApiDetails? ExternalApiDetails, string? PrimaryKey)
{
    public static UpdateConnectionRequest Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var name = BodyValidator.Optional(body, "name") is { } nameValue
            ? validator.NonEmptyString(nameValue, BodyValidator.At(BodyValidator.Body, "name"))
            : null;
        var description = validator.OptionalString(body, "description", BodyValidator.Body);
        var details = BodyValidator.Optional(body, "external_api_details") is { } detailsValue
            ? ExternalApiDetails.Parse(detailsValue, validator, BodyValidator.At(BodyValidator.Body, "external_api_details"))
            : null;
        var primaryKey = validator.OptionalString(body, "primary_key", BodyValidator.Body);
        validator.ThrowIfInvalid();
        return new UpdateConnectionRequest(
            name, description, details is null ? null : body.GetProperty("external_api_details").GetRawText(), details, primaryKey);
    }
}
