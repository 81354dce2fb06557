using System.Globalization;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Monetate;

/// <summary>Writes <c>{"schema_rows": [...], "_sent_time": "..."}</c>, the body of a Data API post.</summary>
public static class MonetateRowsBodyWriter
{
    public static RequestBody Write(IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> rows, DateTimeOffset sentTime) =>
        RequestBody.Json(
            writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("schema_rows");
                writer.WriteStartArray();
                foreach (var row in rows)
                {
                    JsonValueWriter.WriteRecord(writer, row);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("_sent_time");
                writer.WriteValue(sentTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            },
            rows.Count * 128);
}
