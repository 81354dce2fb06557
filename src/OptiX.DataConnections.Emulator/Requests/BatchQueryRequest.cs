using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary><c>{"queries": [{"primary_key": scalar, "placeholder_values": {...}?}, ...]}</c>, 1 to 5000 queries.</summary>
internal static class BatchQueryRequest
{
    public static IReadOnlyList<QueryItem> Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var items = new List<QueryItem>();
        if (validator.RequiredArray(body, "queries", BodyValidator.Body) is { } array)
        {
            var loc = BodyValidator.At(BodyValidator.Body, "queries");
            var index = 0;
            foreach (var value in array.EnumerateArray())
            {
                if (QueryItem.Parse(value, validator, BodyValidator.At(loc, index++)) is { } item)
                {
                    items.Add(item);
                }
            }
        }
        validator.ThrowIfInvalid();

        RequestLimits.CheckItemCount(items.Count, "queries");
        return items;
    }
}
