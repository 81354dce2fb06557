using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary><c>{"reference_type": "mail" | "sms" | "banner" | ..., "reference_id": "..."}</c>.</summary>
internal sealed record CreateReferenceRequest(string ReferenceType, string ReferenceId)
{
    public static CreateReferenceRequest Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var type = validator.RequiredNonEmptyString(body, "reference_type", BodyValidator.Body);
        var id = validator.RequiredNonEmptyString(body, "reference_id", BodyValidator.Body);
        validator.ThrowIfInvalid();
        return new CreateReferenceRequest(type!, id!);
    }
}
