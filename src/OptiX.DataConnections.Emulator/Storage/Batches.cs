using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

internal sealed record StoredBatch(long Id, long ConnectionId, bool Completed);

/// <summary>A staged record of an open batch; its expiry counts from the moment the batch completes.</summary>
internal readonly record struct StagedRecord(string Key, string Json, long? TtlSeconds);

/// <summary>
/// Upload batches. An open batch holds staged records nobody can query; completing it copies them into
/// <see cref="Records"/> in the same transaction. Completed batches are kept so a late request to one is refused.
/// </summary>
internal static class Batches
{
    public static StoredBatch? Find(SqliteSession session, Guid uuid)
    {
        using var command = session.Command(
            "SELECT id, connection_id, completed FROM batches WHERE uuid = $uuid", ("$uuid", uuid.ToString()));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredBatch(reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2)) : null;
    }

    public static long Open(SqliteSession session, Guid uuid, long connectionId, long now) =>
        session.Scalar<long>(
            """
            INSERT INTO batches (uuid, connection_id, completed, last_request_at)
            VALUES ($uuid, $connection, 0, $now)
            RETURNING id
            """,
            ("$uuid", uuid.ToString()), ("$connection", connectionId), ("$now", now));

    public static void Touch(SqliteSession session, long batchId, long now) =>
        session.Execute("UPDATE batches SET last_request_at = $now WHERE id = $id", ("$id", batchId), ("$now", now));

    public static void Stage(SqliteSession session, long batchId, IEnumerable<StagedRecord> records)
    {
        using var command = session.Command(
            """
            INSERT INTO staged_records (batch_id, record_key, data, ttl_seconds)
            VALUES ($batch, $key, $data, $ttl)
            ON CONFLICT (batch_id, record_key) DO UPDATE SET data = excluded.data, ttl_seconds = excluded.ttl_seconds
            """);
        command.Parameters.AddWithValue("$batch", batchId);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var data = command.Parameters.Add("$data", SqliteType.Text);
        var ttl = command.Parameters.Add("$ttl", SqliteType.Integer);
        command.Prepare();
        foreach (var record in records)
        {
            key.Value = record.Key;
            data.Value = record.Json;
            ttl.Value = Expiry.Clamp(record.TtlSeconds) ?? (object)DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Moves the staged records into the live records (each key replaced) and marks the batch completed.</summary>
    public static void Complete(SqliteSession session, long batchId, long connectionId, long now) =>
        session.Execute(
            """
            INSERT INTO records (connection_id, record_key, data, expires_at)
            SELECT $connection, record_key, data, CASE WHEN ttl_seconds IS NULL THEN NULL ELSE $now + ttl_seconds * 1000 END
            FROM staged_records
            WHERE batch_id = $batch
            ON CONFLICT (connection_id, record_key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at;
            DELETE FROM staged_records WHERE batch_id = $batch;
            UPDATE batches SET completed = 1, last_request_at = $now WHERE id = $batch;
            """,
            ("$batch", batchId), ("$connection", connectionId), ("$now", now));
}
