using OptiX.DataConnections.Http;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Records;

/// <summary>Serializes an <c>update_data</c> body: a bare array of <c>{primary_key, data, ttl}</c>.</summary>
public static class UpdateBodyWriter
{
    public static RequestBody Write(IReadOnlyList<KeyedItem> items, int? ttlSeconds) => RequestBody.Json(json =>
        {
            json.WriteStartArray();
            foreach (var item in items)
            {
                json.WriteStartObject();
                json.WritePropertyName("primary_key");
                JsonValueWriter.WriteValue(json, item.KeyValue, 0);
                json.WritePropertyName("data");
                JsonValueWriter.WriteRecord(json, item.Fields ?? []);
                json.WritePropertyName("ttl");
                if (ttlSeconds is { } ttl)
                {
                    json.WriteValue(ttl);
                }
                else
                {
                    json.WriteNull();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
}
