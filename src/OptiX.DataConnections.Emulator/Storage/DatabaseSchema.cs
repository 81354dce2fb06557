namespace OptiX.DataConnections.Emulator.Storage;

internal static class DatabaseSchema
{
    // AUTOINCREMENT so a deleted connection's id is never handed out again.
    // A record is stored once, as a version of the batch it came in, keyed (connection_id, record_key, batch_id):
    // that unique index is the one a query by key uses (a rowid table: the index stays small, the rows are appended), and a batch's versions become visible when its row gets a
    // completed_seq (the order batches completed in; the highest completed version of a key is the record).
    // A version expires at its batch's completed_at + ttl_ms. Batch ids are AUTOINCREMENT so the versions a
    // discarded batch left behind are never taken for a new batch's. sweeps is the cursor of the bounded cleanup
    // of versions nobody can see any more (see Sweeps).
    // completed_at, purge_at and last_request_at are Unix milliseconds; created_at/updated_at are ISO-8601 UTC text.
    // Monetate: schemas are keyed by (retailer, name), fields are the definitions as a JSON object (in order);
    // a row keeps its identifier and unique key values as text (null when absent) beside its JSON, and the
    // largest id is the latest row.
    public const string CreateTables = """
        CREATE TABLE IF NOT EXISTS connections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL UNIQUE,
            brand_key TEXT NOT NULL,
            name TEXT NOT NULL,
            primary_key TEXT NOT NULL,
            description TEXT,
            external_api_details TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS connections_by_brand ON connections (brand_key, id);

        CREATE TABLE IF NOT EXISTS batches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL UNIQUE,
            connection_id INTEGER NOT NULL,
            completed INTEGER NOT NULL,
            last_request_at INTEGER NOT NULL,
            completed_seq INTEGER,
            completed_at INTEGER,
            purge_at INTEGER
        );
        CREATE INDEX IF NOT EXISTS batches_by_connection ON batches (connection_id);
        CREATE INDEX IF NOT EXISTS open_batches_by_age ON batches (last_request_at) WHERE completed = 0;
        CREATE INDEX IF NOT EXISTS batches_by_completion ON batches (completed_seq) WHERE completed_seq IS NOT NULL;
        CREATE INDEX IF NOT EXISTS batches_by_purge ON batches (purge_at) WHERE purge_at IS NOT NULL;

        CREATE TABLE IF NOT EXISTS record_versions (
            connection_id INTEGER NOT NULL,
            record_key TEXT NOT NULL,
            batch_id INTEGER NOT NULL,
            data TEXT NOT NULL,
            ttl_ms INTEGER,
            UNIQUE (connection_id, record_key, batch_id)
        );
        CREATE INDEX IF NOT EXISTS record_versions_by_ttl ON record_versions (batch_id, ttl_ms) WHERE ttl_ms IS NOT NULL;

        CREATE TABLE IF NOT EXISTS sweeps (
            connection_id INTEGER PRIMARY KEY,
            after_key TEXT NOT NULL,
            again INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS connection_references (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            connection_id INTEGER NOT NULL,
            reference_type TEXT NOT NULL,
            reference_id TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS references_by_connection ON connection_references (connection_id, id);

        CREATE TABLE IF NOT EXISTS monetate_schemas (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            retailer TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            fields TEXT NOT NULL,
            named_identifier TEXT,
            created_date TEXT,
            UNIQUE (retailer, name)
        );

        CREATE TABLE IF NOT EXISTS monetate_rows (
            id INTEGER PRIMARY KEY,
            schema_id INTEGER NOT NULL,
            identifier TEXT,
            unique_key TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS monetate_rows_by_identifier ON monetate_rows (schema_id, identifier);
        CREATE UNIQUE INDEX IF NOT EXISTS monetate_rows_by_unique_key ON monetate_rows (schema_id, unique_key)
            WHERE unique_key IS NOT NULL;
        """;
}
