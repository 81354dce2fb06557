namespace OptiX.DataConnections.Emulator.Storage;

internal sealed record StoredBatch(long Id, long ConnectionId, bool Completed);

/// <summary>
/// Upload batches. A batch's records are stored once, as its versions in <see cref="Records"/>; nobody sees them
/// until the batch completes, which is one UPDATE of its row. Completed batches are kept so a late request to one
/// is refused, and because their row says when their records expire.
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

    /// <summary>Whether the connection has a completed batch besides this one: only such a batch's versions can be replaced.</summary>
    public static bool AnyOtherCompleted(SqliteSession session, long connectionId, long batchId) =>
        session.Scalar<long>(
            "SELECT EXISTS (SELECT 1 FROM batches WHERE connection_id = $connection AND id <> $batch AND completed = 1)",
            ("$connection", connectionId), ("$batch", batchId)) == 1;

    /// <summary>
    /// Makes the batch's versions visible, as the newest of their keys, with their expiry counting from now.
    /// purge_at is when its first version expires (the index on ttl_ms finds it).
    /// </summary>
    public static void Complete(SqliteSession session, long batchId, long now) =>
        session.Execute(
            """
            UPDATE batches
            SET completed = 1, last_request_at = $now, completed_at = $now,
                completed_seq = IFNULL((
                    SELECT completed_seq FROM batches WHERE completed_seq IS NOT NULL ORDER BY completed_seq DESC LIMIT 1), 0) + 1,
                purge_at = $now + (SELECT MIN(ttl_ms) FROM record_versions WHERE batch_id = $batch AND ttl_ms IS NOT NULL)
            WHERE id = $batch
            """,
            ("$batch", batchId), ("$now", now));
}
