using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary><c>{"primary_keys": [scalar, ...]}</c>, read as the keys' string forms.</summary>
internal static class DeleteDataRequest
{
    public static IReadOnlyList<string> Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var keys = new List<string>();
        if (validator.RequiredArray(body, "primary_keys", BodyValidator.Body) is { } array)
        {
            var loc = BodyValidator.At(BodyValidator.Body, "primary_keys");
            var index = 0;
            foreach (var value in array.EnumerateArray())
            {
                if (validator.Scalar(value, BodyValidator.At(loc, index++)) is { } scalar)
                {
                    keys.Add(PrimaryKey.ToStringForm(scalar)!);
                }
            }
        }
        validator.ThrowIfInvalid();

        RequestLimits.CheckItemCount(keys.Count, "primary keys");
        return keys;
    }
}
