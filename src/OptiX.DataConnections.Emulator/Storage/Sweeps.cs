using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>
/// Drops the versions nobody can see any more: those of a key that a batch completed later replaced, and those a
/// discarded batch left behind. A completed batch or a discarded one asks for a pass over its connection's keys;
/// each write then goes on with the next few thousand versions, so no request pays for a million at once. Until a
/// key is swept a query reads its two or three versions and takes the newest, which is the same answer.
/// </summary>
internal static class Sweeps
{
    private const int VersionsPerWrite = 2_000;

    private readonly record struct Version(string Key, long BatchId, bool Orphan, long? CompletedSeq);

    /// <summary>Starts a pass over the connection, or, when one is under way, asks for another once it ends.</summary>
    public static void Request(SqliteSession session, long connectionId) =>
        session.Execute(
            """
            INSERT INTO sweeps (connection_id, after_key, again) VALUES ($connection, '', 0)
            ON CONFLICT (connection_id) DO UPDATE SET again = 1
            """,
            ("$connection", connectionId));

    public static void Forget(SqliteSession session, long connectionId) =>
        session.Execute("DELETE FROM sweeps WHERE connection_id = $connection", ("$connection", connectionId));

    public static void Step(SqliteSession session)
    {
        long connectionId;
        string afterKey;
        using (var next = session.Command("SELECT connection_id, after_key FROM sweeps ORDER BY connection_id LIMIT 1"))
        using (var reader = next.ExecuteReader())
        {
            if (!reader.Read())
            {
                return;
            }
            connectionId = reader.GetInt64(0);
            afterKey = reader.GetString(1);
        }

        var versions = Read(session, connectionId, "v.record_key > $after", VersionsPerWrite, ("$after", afterKey));
        var finished = versions.Count < VersionsPerWrite;
        if (!finished)
        {
            // The window ends inside a key: read that key's other versions so it is judged whole.
            var last = versions[^1];
            versions.AddRange(Read(
                session, connectionId, "v.record_key = $last AND v.batch_id > $batch", int.MaxValue, ("$last", last.Key), ("$batch", last.BatchId)));
        }
        DropInvisible(session, connectionId, versions);

        if (!finished)
        {
            session.Execute("UPDATE sweeps SET after_key = $key WHERE connection_id = $connection",
                ("$connection", connectionId), ("$key", versions[^1].Key));
        }
        else
        {
            session.Execute(
                """
                DELETE FROM sweeps WHERE connection_id = $connection AND again = 0;
                UPDATE sweeps SET after_key = '', again = 0 WHERE connection_id = $connection;
                """,
                ("$connection", connectionId));
        }
    }

    private static List<Version> Read(
        SqliteSession session, long connectionId, string condition, int limit, params (string, object?)[] bounds)
    {
        using var command = session.Command(
            $"""
            SELECT v.record_key, v.batch_id, b.id IS NULL, b.completed_seq
            FROM record_versions AS v LEFT JOIN batches AS b ON b.id = v.batch_id
            WHERE v.connection_id = $connection AND {condition}
            ORDER BY v.record_key, v.batch_id
            LIMIT $limit
            """,
            [("$connection", connectionId), ("$limit", limit), .. bounds]);
        using var reader = command.ExecuteReader();
        var versions = new List<Version>();
        while (reader.Read())
        {
            versions.Add(new Version(reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        }
        return versions;
    }

    // Versions arrive grouped by key. Of a key's completed versions only the newest can be seen; open batches' stay.
    private static void DropInvisible(SqliteSession session, long connectionId, List<Version> versions)
    {
        using var drop = session.Command(
            "DELETE FROM record_versions WHERE connection_id = $connection AND record_key = $key AND batch_id = $batch");
        drop.Parameters.AddWithValue("$connection", connectionId);
        var key = drop.Parameters.Add("$key", SqliteType.Text);
        var batch = drop.Parameters.Add("$batch", SqliteType.Integer);
        drop.Prepare();
        for (var start = 0; start < versions.Count;)
        {
            var end = start;
            long? newest = null;
            while (end < versions.Count && versions[end].Key == versions[start].Key)
            {
                newest = Max(newest, versions[end].CompletedSeq);
                end++;
            }
            for (var i = start; i < end; i++)
            {
                var version = versions[i];
                if (version.Orphan || (version.CompletedSeq is { } seq && seq < newest))
                {
                    key.Value = version.Key;
                    batch.Value = version.BatchId;
                    drop.ExecuteNonQuery();
                }
            }
            start = end;
        }
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
