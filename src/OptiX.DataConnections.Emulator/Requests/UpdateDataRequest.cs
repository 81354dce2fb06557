using System.Text.Json;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary>One item of update_data: the key as sent (its JSON value and string form), the new record and its ttl.</summary>
internal sealed record UpdateDataItem(JsonElement PrimaryKeyValue, string Key, JsonElement Data, long? Ttl);

/// <summary>The bare array <c>[{primary_key, data, ttl?}, ...]</c>.</summary>
internal static class UpdateDataRequest
{
    public static IReadOnlyList<UpdateDataItem> Parse(RequestJson body)
    {
        var validator = new BodyValidator();
        if (body.RootArrayElements(RequestLimits.MaxItemsPerRequest) is not { } array)
        {
            validator.Fail(BodyValidator.Body, "value is not a valid list", "type_error.list");
            validator.ThrowIfInvalid();
            return [];
        }
        // Too many items is known before any is read.
        if (array.Count > RequestLimits.MaxItemsPerRequest)
        {
            RequestLimits.CheckItemCount(array.Count, "records");
        }

        var items = new List<UpdateDataItem>(array.Elements.Count);
        var index = 0;
        foreach (var raw in array.Elements)
        {
            // Each item its own small document, kept as a clone (no pooled buffer outlives the request).
            JsonElement item;
            using (var document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = JsonScan.MaxDepth }))
            {
                item = document.RootElement.Clone();
            }
            var loc = BodyValidator.At(BodyValidator.Body, index++);
            if (!validator.ExpectObject(item, loc))
            {
                continue;
            }
            var key = validator.RequiredScalar(item, "primary_key", loc);
            var data = validator.RequiredObject(item, "data", loc);
            var ttl = validator.OptionalInteger(item, "ttl", loc);
            if (key is { } keyValue && data is { } dataValue)
            {
                items.Add(new UpdateDataItem(keyValue, PrimaryKey.ToStringForm(keyValue)!, dataValue, ttl));
            }
        }
        validator.ThrowIfInvalid();

        RequestLimits.CheckItemCount(items.Count, "records");
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Key.Length == 0)
            {
                throw ApiProblem.BadRequest($"Item at index {i} has no value for primary_key");
            }
            RequestLimits.CheckTtl(items[i].Ttl, "ttl", i);
        }
        return items;
    }
}
