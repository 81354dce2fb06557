using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>A record to store: its key in string form, its JSON text as received, and when it expires.</summary>
internal readonly record struct RecordWrite(string Key, string Json, long? ExpiresAt);

/// <summary>The completed, visible records. A record that has expired is never returned, even before it is purged.</summary>
internal static class Records
{
    private const string UpsertSql = """
        INSERT INTO records (connection_id, record_key, data, expires_at)
        VALUES ($connection, $key, $data, $expiresAt)
        ON CONFLICT (connection_id, record_key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at
        """;

    /// <summary>Replaces each record whole; when a key repeats, the last one wins.</summary>
    public static void Upsert(SqliteSession session, long connectionId, IEnumerable<RecordWrite> records)
    {
        using var command = session.Command(UpsertSql);
        command.Parameters.AddWithValue("$connection", connectionId);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var data = command.Parameters.Add("$data", SqliteType.Text);
        var expiresAt = command.Parameters.Add("$expiresAt", SqliteType.Integer);
        command.Prepare();
        foreach (var record in records)
        {
            key.Value = record.Key;
            data.Value = record.Json;
            expiresAt.Value = record.ExpiresAt ?? (object)DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    public static string? FindLive(SqliteSession session, long connectionId, string key, long now) =>
        session.Scalar<string>(
            $"SELECT data FROM records WHERE connection_id = $connection AND record_key = $key AND {Expiry.LiveCondition}",
            ("$connection", connectionId), ("$key", key), ("$now", now));

    /// <summary>The live record of each key, in the order given (null where there is none).</summary>
    public static IReadOnlyList<string?> FindManyLive(SqliteSession session, long connectionId, IEnumerable<string> keys, long now)
    {
        using var command = session.Command(
            $"SELECT data FROM records WHERE connection_id = $connection AND record_key = $key AND {Expiry.LiveCondition}");
        command.Parameters.AddWithValue("$connection", connectionId);
        command.Parameters.AddWithValue("$now", now);
        var keyParameter = command.Parameters.Add("$key", SqliteType.Text);
        command.Prepare();
        var records = new List<string?>();
        foreach (var key in keys)
        {
            keyParameter.Value = key;
            records.Add(command.ExecuteScalar() as string);
        }
        return records;
    }

    /// <summary>The keys (each once, in the order given) that have no live record.</summary>
    public static IReadOnlyList<string> MissingLive(SqliteSession session, long connectionId, IEnumerable<string> keys, long now)
    {
        using var command = session.Command(
            $"SELECT 1 FROM records WHERE connection_id = $connection AND record_key = $key AND {Expiry.LiveCondition}");
        command.Parameters.AddWithValue("$connection", connectionId);
        command.Parameters.AddWithValue("$now", now);
        var keyParameter = command.Parameters.Add("$key", SqliteType.Text);
        command.Prepare();
        var missing = new List<string>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            keyParameter.Value = key;
            if (command.ExecuteScalar() is null)
            {
                missing.Add(key);
            }
        }
        return missing;
    }

    public static int Delete(SqliteSession session, long connectionId, IEnumerable<string> keys)
    {
        using var command = session.Command("DELETE FROM records WHERE connection_id = $connection AND record_key = $key");
        command.Parameters.AddWithValue("$connection", connectionId);
        var keyParameter = command.Parameters.Add("$key", SqliteType.Text);
        command.Prepare();
        var deleted = 0;
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            keyParameter.Value = key;
            deleted += command.ExecuteNonQuery();
        }
        return deleted;
    }

    public static long CountLive(SqliteSession session, long connectionId, long now) =>
        session.Scalar<long>(
            $"SELECT COUNT(*) FROM records WHERE connection_id = $connection AND {Expiry.LiveCondition}",
            ("$connection", connectionId), ("$now", now));

    /// <summary>Each top-level field of the live records with each SQLite JSON type it holds (json_each's type names).</summary>
    public static IReadOnlyList<(string Field, string JsonType)> LiveFieldTypes(SqliteSession session, long connectionId, long now)
    {
        using var command = session.Command(
            $"""
            SELECT DISTINCT field.key, field.type
            FROM records, json_each(records.data) AS field
            WHERE records.connection_id = $connection AND {Expiry.LiveCondition}
            """,
            ("$connection", connectionId), ("$now", now));
        using var reader = command.ExecuteReader();
        var fields = new List<(string, string)>();
        while (reader.Read())
        {
            fields.Add((reader.GetString(0), reader.GetString(1)));
        }
        return fields;
    }
}
