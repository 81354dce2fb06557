using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary>
/// One lookup: the key as sent (JSON text, echoed by the batch query) and in string form, and the placeholder values
/// (scalars, read as strings). Placeholder values matter only to API-based connections.
/// </summary>
internal sealed record QueryItem(string PrimaryKeyJson, string Key, IReadOnlyDictionary<string, string> PlaceholderValues)
{
    /// <summary>Reads <c>{"primary_key": scalar, "placeholder_values": {name: scalar}?}</c> at <paramref name="loc"/>.</summary>
    public static QueryItem? Parse(JsonElement item, BodyValidator validator, IReadOnlyList<object> loc)
    {
        if (!validator.ExpectObject(item, loc))
        {
            return null;
        }
        var key = validator.RequiredScalar(item, "primary_key", loc);
        var placeholders = validator.OptionalScalarMap(item, "placeholder_values", loc);
        return key is { } keyValue
            ? new QueryItem(keyValue.GetRawText(), PrimaryKey.ToStringForm(keyValue)!, placeholders)
            : null;
    }
}

/// <summary>The body of query and of the Emarsys lookup: <c>{"primary_key": scalar, "placeholder_values": {...}?}</c>.</summary>
internal static class QueryRequest
{
    public static QueryItem Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        var item = QueryItem.Parse(body, validator, BodyValidator.Body);
        validator.ThrowIfInvalid();
        return item!;
    }
}
