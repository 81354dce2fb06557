using System.Text.Json;
using OptiX.DataConnections.Emulator.Faults;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary><c>PUT /admin/faults</c>: <c>{"spec": "..."}</c> (an empty spec means no faults).</summary>
internal static class FaultsRequest
{
    public static FaultSpec Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var text = validator.Required(body, "spec", BodyValidator.Body) is { } value
            ? validator.String(value, BodyValidator.At(BodyValidator.Body, "spec"))
            : null;
        validator.ThrowIfInvalid();
        try
        {
            return FaultSpec.Parse(text!);
        }
        catch (FormatException exception)
        {
            throw ApiProblem.BadRequest($"Invalid fault spec: {exception.Message}");
        }
    }
}
