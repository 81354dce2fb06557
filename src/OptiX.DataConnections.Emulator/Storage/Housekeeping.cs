namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>Lazy cleanup, run inside write transactions: nothing runs in the background, and each step is bounded.</summary>
internal static class Housekeeping
{
    public static readonly TimeSpan OpenBatchLifetime = TimeSpan.FromHours(24);

    public static void Run(SqliteSession session, long now)
    {
        DiscardAbandonedBatches(session, now);
        ExpiredVersions.Purge(session, now);
        Sweeps.Step(session);
    }

    // Only the batch row goes: its versions, invisible already, are left to the sweep it asks for.
    private static void DiscardAbandonedBatches(SqliteSession session, long now)
    {
        using var command = session.Command(
            "DELETE FROM batches WHERE completed = 0 AND last_request_at <= $cutoff RETURNING connection_id",
            ("$cutoff", now - (long)OpenBatchLifetime.TotalMilliseconds));
        var connections = new HashSet<long>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                connections.Add(reader.GetInt64(0));
            }
        }
        foreach (var connection in connections)
        {
            Sweeps.Request(session, connection);
        }
    }
}
