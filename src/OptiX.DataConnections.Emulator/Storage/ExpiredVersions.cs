using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>
/// Purges expired records, a bounded number per write. A batch's purge_at is when its next version expires; its
/// expired versions are found on the (batch_id, ttl_ms) index. With an expired version go the key's older ones, so
/// a version that was replaced never shows again when the one that replaced it is purged.
/// </summary>
internal static class ExpiredVersions
{
    // Bounded so one write never pays for purging millions of expired rows at once.
    private const int PurgedPerWrite = 10_000;

    private readonly record struct DueBatch(long Id, long CompletedSeq, long CompletedAt);

    public static void Purge(SqliteSession session, long now)
    {
        var budget = PurgedPerWrite;
        while (budget > 0 && NextDue(session, now) is { } batch)
        {
            var expired = ExpiredKeys(session, batch, now, budget);
            DropWithOlder(session, batch, expired);
            budget -= expired.Count;
            if (budget > 0)
            {
                // All of the batch's expired versions are gone: the next one to expire sets purge_at.
                session.Execute(
                    """
                    UPDATE batches
                    SET purge_at = completed_at + (SELECT MIN(ttl_ms) FROM record_versions WHERE batch_id = $batch AND ttl_ms IS NOT NULL)
                    WHERE id = $batch
                    """,
                    ("$batch", batch.Id));
            }
        }
    }

    private static DueBatch? NextDue(SqliteSession session, long now)
    {
        using var command = session.Command(
            """
            SELECT id, completed_seq, completed_at FROM batches
            WHERE purge_at IS NOT NULL AND purge_at <= $now
            ORDER BY purge_at LIMIT 1
            """,
            ("$now", now));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new DueBatch(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    private static List<(long Connection, string Key)> ExpiredKeys(SqliteSession session, DueBatch batch, long now, int limit)
    {
        using var command = session.Command(
            """
            SELECT connection_id, record_key FROM record_versions
            WHERE batch_id = $batch AND ttl_ms IS NOT NULL AND ttl_ms <= $age
            LIMIT $limit
            """,
            ("$batch", batch.Id), ("$age", now - batch.CompletedAt), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var keys = new List<(long, string)>();
        while (reader.Read())
        {
            keys.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return keys;
    }

    private static void DropWithOlder(SqliteSession session, DueBatch batch, List<(long Connection, string Key)> expired)
    {
        using var command = session.Command(
            """
            DELETE FROM record_versions
            WHERE connection_id = $connection AND record_key = $key AND EXISTS (
                SELECT 1 FROM batches WHERE batches.id = record_versions.batch_id AND batches.completed_seq <= $seq)
            """);
        command.Parameters.AddWithValue("$seq", batch.CompletedSeq);
        var connection = command.Parameters.Add("$connection", SqliteType.Integer);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        command.Prepare();
        foreach (var (connectionId, recordKey) in expired)
        {
            connection.Value = connectionId;
            key.Value = recordKey;
            command.ExecuteNonQuery();
        }
    }
}
