namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>Lazy cleanup, run inside write transactions: nothing runs in the background.</summary>
internal static class Housekeeping
{
    public static readonly TimeSpan OpenBatchLifetime = TimeSpan.FromHours(24);

    // Bounded so one write never pays for purging millions of expired rows at once.
    private const int ExpiredRecordsPurgedPerWrite = 10_000;

    public static void Run(SqliteSession session, long now)
    {
        session.Execute(
            """
            DELETE FROM records WHERE rowid IN (
                SELECT rowid FROM records WHERE expires_at IS NOT NULL AND expires_at <= $now LIMIT $limit);
            """,
            ("$now", now), ("$limit", ExpiredRecordsPurgedPerWrite));
        session.Execute(
            """
            DELETE FROM staged_records WHERE batch_id IN (
                SELECT id FROM batches WHERE completed = 0 AND last_request_at <= $cutoff);
            DELETE FROM batches WHERE completed = 0 AND last_request_at <= $cutoff;
            """,
            ("$cutoff", now - (long)OpenBatchLifetime.TotalMilliseconds));
    }
}
