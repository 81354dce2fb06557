using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary><c>{"primary_key": scalar, "placeholder_values": {...}?}</c>; placeholders matter only to API-based connections.</summary>
internal sealed record QueryRequest(string Key)
{
    public static QueryRequest Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var key = validator.RequiredScalar(body, "primary_key", BodyValidator.Body);
        validator.OptionalObject(body, "placeholder_values", BodyValidator.Body);
        validator.ThrowIfInvalid();
        return new QueryRequest(PrimaryKey.ToStringForm(key!.Value)!);
    }
}
