using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>A record to store: its key in string form, its JSON text as received, and how long it lives once visible.</summary>
internal readonly record struct RecordWrite(string Key, string Json, long? TtlMilliseconds);

/// <summary>
/// Records, stored as versions: one per key and batch. The record of a key is its version of the batch that completed
/// last (the service applies batches in the order they complete); open batches' versions are invisible. A record
/// whose newest version has expired is never returned, even before it is purged.
/// </summary>
internal static class Records
{
    // CROSS JOIN keeps the versions of the key as the outer loop, so a lookup is a seek, whatever the planner guesses.
    private const string NewestVersionSql = $"""
        SELECT data FROM (
            SELECT v.data, b.completed_at + v.ttl_ms AS expires_at
            FROM record_versions AS v CROSS JOIN batches AS b ON b.id = v.batch_id
            WHERE v.connection_id = $connection AND v.record_key = $key AND b.completed = 1
            ORDER BY b.completed_seq DESC
            LIMIT 1)
        WHERE {Expiry.LiveCondition}
        """;

    // SQLite takes the bare columns from the row that holds the MAX: each key's newest completed version.
    private const string NewestOfEachKeySql = """
        SELECT v.record_key, v.data, MAX(b.completed_seq), b.completed_at + v.ttl_ms AS expires_at
        FROM record_versions AS v CROSS JOIN batches AS b ON b.id = v.batch_id
        WHERE v.connection_id = $connection AND b.completed = 1
        GROUP BY v.record_key
        """;

    // Versions of completed batches, and those a discarded batch left behind: everything but open batches' versions.
    private const string NotOfAnOpenBatch =
        "NOT EXISTS (SELECT 1 FROM batches WHERE batches.id = record_versions.batch_id AND batches.completed = 0)";

    /// <summary>
    /// Writes each record as the batch's version of its key; a key sent again in the same batch replaces its version.
    /// <paramref name="newest"/>: the batch completes in this request, so these records replace every other visible
    /// version of their keys, which are dropped at once rather than left to <see cref="Sweeps"/>.
    /// </summary>
    public static void Write(SqliteSession session, long connectionId, long batchId, IEnumerable<RecordWrite> records, bool newest)
    {
        using var drop = newest
            ? session.Command(
                $"""
                DELETE FROM record_versions
                WHERE connection_id = $connection AND record_key = $key AND batch_id <> $batch AND {NotOfAnOpenBatch}
                """)
            : null;
        using var write = session.Command(
            """
            INSERT INTO record_versions (connection_id, record_key, batch_id, data, ttl_ms)
            VALUES ($connection, $key, $batch, $data, $ttl)
            ON CONFLICT (connection_id, record_key, batch_id) DO UPDATE SET data = excluded.data, ttl_ms = excluded.ttl_ms
            """);
        write.Parameters.AddWithValue("$connection", connectionId);
        write.Parameters.AddWithValue("$batch", batchId);
        var key = write.Parameters.Add("$key", SqliteType.Text);
        var data = write.Parameters.Add("$data", SqliteType.Text);
        var ttl = write.Parameters.Add("$ttl", SqliteType.Integer);
        write.Prepare();
        SqliteParameter? dropKey = null;
        if (drop is not null)
        {
            drop.Parameters.AddWithValue("$connection", connectionId);
            drop.Parameters.AddWithValue("$batch", batchId);
            dropKey = drop.Parameters.Add("$key", SqliteType.Text);
            drop.Prepare();
        }
        foreach (var record in records)
        {
            if (drop is not null)
            {
                dropKey!.Value = record.Key;
                drop.ExecuteNonQuery();
            }
            key.Value = record.Key;
            data.Value = record.Json;
            ttl.Value = record.TtlMilliseconds ?? (object)DBNull.Value;
            write.ExecuteNonQuery();
        }
    }

    public static string? FindLive(SqliteSession session, long connectionId, string key, long now) =>
        session.Reused(NewestVersionSql, ("$connection", connectionId), ("$key", key), ("$now", now)).ExecuteScalar() as string;

    /// <summary>The live record of each key, in the order given (null where there is none).</summary>
    public static IReadOnlyList<string?> FindManyLive(SqliteSession session, long connectionId, IEnumerable<string> keys, long now)
    {
        var command = session.Reused(NewestVersionSql, ("$connection", connectionId), ("$now", now));
        var keyParameter = command.Parameters.Add("$key", SqliteType.Text);
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
        using var command = session.Command(NewestVersionSql);
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

    /// <summary>Deletes the records of the keys (every visible version); open batches keep theirs. Returns the keys deleted.</summary>
    public static int Delete(SqliteSession session, long connectionId, IEnumerable<string> keys)
    {
        using var command = session.Command(
            $"DELETE FROM record_versions WHERE connection_id = $connection AND record_key = $key AND {NotOfAnOpenBatch}");
        command.Parameters.AddWithValue("$connection", connectionId);
        var keyParameter = command.Parameters.Add("$key", SqliteType.Text);
        command.Prepare();
        var deleted = 0;
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            keyParameter.Value = key;
            if (command.ExecuteNonQuery() > 0)
            {
                deleted++;
            }
        }
        return deleted;
    }

    public static long CountLive(SqliteSession session, long connectionId, long now) =>
        EachVersionIsALiveRecord(session, connectionId)
            ? session.Scalar<long>("SELECT COUNT(*) FROM record_versions WHERE connection_id = $connection", ("$connection", connectionId))
            : session.Scalar<long>(
                $"SELECT COUNT(*) FROM ({NewestOfEachKeySql}) WHERE {Expiry.LiveCondition}",
                ("$connection", connectionId), ("$now", now));

    /// <summary>Each top-level field of the live records with each SQLite JSON type it holds (json_each's type names).</summary>
    public static IReadOnlyList<(string Field, string JsonType)> LiveFieldTypes(SqliteSession session, long connectionId, long now)
    {
        using var command = EachVersionIsALiveRecord(session, connectionId)
            ? session.Command(
                """
                SELECT DISTINCT field.key, field.type
                FROM record_versions AS v, json_each(v.data) AS field
                WHERE v.connection_id = $connection
                """,
                ("$connection", connectionId))
            : session.Command(
                $"""
                SELECT DISTINCT field.key, field.type
                FROM ({NewestOfEachKeySql}) AS live, json_each(live.data) AS field
                WHERE {Expiry.LiveCondition}
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

    /// <summary>
    /// Whether every version of the connection is the live record of its key, so counting and reading them needs no
    /// grouping by key: no sweep is due (a completed batch drops what it replaced or asks for one, as a discarded batch
    /// does for what it left), no batch is open (its versions are invisible) and none of its completed batches holds a
    /// version that can expire (their purge_at is null).
    /// </summary>
    private static bool EachVersionIsALiveRecord(SqliteSession session, long connectionId) =>
        session.Scalar<long>(
            """
            SELECT NOT EXISTS (SELECT 1 FROM sweeps WHERE connection_id = $connection)
                AND NOT EXISTS (SELECT 1 FROM batches WHERE connection_id = $connection AND (completed = 0 OR purge_at IS NOT NULL))
            """,
            ("$connection", connectionId)) == 1;
}
