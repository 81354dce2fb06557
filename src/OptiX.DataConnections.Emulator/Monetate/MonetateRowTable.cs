using System.Text.Json;
using Microsoft.Data.Sqlite;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// The <c>monetate_rows</c> table. A row whose unique key value is already stored replaces that row (it becomes the
/// latest); a row without a unique key value is always new.
/// </summary>
internal static class MonetateRowTable
{
    public static void Insert(SqliteSession session, long schemaId, MonetateSchema schema, IEnumerable<Dictionary<string, JsonElement>> rows)
    {
        using var replace = session.Command("DELETE FROM monetate_rows WHERE schema_id = $schema AND unique_key = $key");
        replace.Parameters.AddWithValue("$schema", schemaId);
        var replacedKey = replace.Parameters.Add("$key", SqliteType.Text);
        replace.Prepare();
        using var insert = session.Command(
            """
            INSERT INTO monetate_rows (schema_id, identifier, unique_key, data)
            VALUES ($schema, $identifier, $key, $data)
            """);
        insert.Parameters.AddWithValue("$schema", schemaId);
        var identifier = insert.Parameters.Add("$identifier", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var data = insert.Parameters.Add("$data", SqliteType.Text);
        insert.Prepare();

        var identifierField = schema.IdentifierField;
        var uniqueKeyField = schema.UniqueKeyField;
        foreach (var row in rows)
        {
            var uniqueKey = uniqueKeyField is null ? null : TextOf(row, uniqueKeyField);
            if (uniqueKey is not null)
            {
                replacedKey.Value = uniqueKey;
                replace.ExecuteNonQuery();
            }
            identifier.Value = TextOf(row, identifierField) ?? (object)DBNull.Value;
            key.Value = uniqueKey ?? (object)DBNull.Value;
            data.Value = JsonSerializer.Serialize(row, EmulatorJson.Options);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The latest row whose identifier, as text, is <paramref name="id"/>; null when there is none.</summary>
    public static Dictionary<string, JsonElement>? FindLatest(SqliteSession session, long schemaId, string id)
    {
        var data = session.Scalar<string>(
            "SELECT data FROM monetate_rows WHERE schema_id = $schema AND identifier = $id ORDER BY id DESC LIMIT 1",
            ("$schema", schemaId), ("$id", id));
        return data is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(data, EmulatorJson.Options);
    }

    /// <summary>A value compared as text: a string's content, a number or boolean as written, null for JSON null.</summary>
    private static string? TextOf(Dictionary<string, JsonElement> row, string field) =>
        !row.TryGetValue(field, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
}
