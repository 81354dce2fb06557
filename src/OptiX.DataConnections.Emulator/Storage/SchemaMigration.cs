namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>
/// Brings a data file of schema 1 (records in one table, open batches' records staged in another) to schema 2
/// (every record a version of its batch), in one transaction. The records become versions of one completed batch per
/// connection, ordered before any batch completed after; staged records become versions of their open batch.
/// </summary>
internal static class SchemaMigration
{
    // The old batches table is rebuilt for AUTOINCREMENT; its indexes are dropped first so the new table gets its own.
    private const string FromVersion1 = """
        DROP INDEX IF EXISTS batches_by_connection;
        DROP INDEX IF EXISTS open_batches_by_age;
        ALTER TABLE batches RENAME TO batches_v1;
        """;

    private const string CopyVersion1 = """
        INSERT INTO batches (id, uuid, connection_id, completed, last_request_at, completed_seq, completed_at)
        SELECT id, uuid, connection_id, completed, last_request_at,
            CASE WHEN completed = 1 THEN 0 END, CASE WHEN completed = 1 THEN last_request_at END
        FROM batches_v1;

        INSERT INTO batches (uuid, connection_id, completed, last_request_at, completed_seq, completed_at)
        SELECT 'migrated-' || connection_id, connection_id, 1, $now, 0, 0 FROM records GROUP BY connection_id;

        -- completed_at 0, so ttl_ms is the record's expires_at unchanged.
        INSERT INTO record_versions (connection_id, record_key, batch_id, data, ttl_ms)
        SELECT r.connection_id, r.record_key, b.id, r.data, r.expires_at
        FROM records AS r JOIN batches AS b ON b.uuid = 'migrated-' || r.connection_id;

        UPDATE batches
        SET purge_at = (SELECT MIN(ttl_ms) FROM record_versions WHERE batch_id = batches.id AND ttl_ms IS NOT NULL)
        WHERE uuid LIKE 'migrated-%';

        INSERT INTO record_versions (connection_id, record_key, batch_id, data, ttl_ms)
        SELECT b.connection_id, s.record_key, s.batch_id, s.data, s.ttl_seconds * 1000
        FROM staged_records AS s JOIN batches AS b ON b.id = s.batch_id;

        DROP TABLE records;
        DROP TABLE staged_records;
        DROP TABLE batches_v1;
        """;

    public static void Version1To2(SqliteSession session, long now)
    {
        session.Execute(FromVersion1);
        session.Execute(DatabaseSchema.CreateTables);
        session.Execute(CopyVersion1, ("$now", now));
    }
}
