using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>
/// The SQLite file behind the emulator. Writes are serialized over one long-lived connection, one transaction
/// per request (rolled back if the request is rejected); reads use pooled connections and, thanks to WAL,
/// run alongside a write and see the last committed state.
/// </summary>
internal sealed class EmulatorStore : IDisposable
{
    // New tables alone (the Monetate ones) keep the version: an older file gains them, an older emulator ignores them.
    // 2: records stored as versions of their batch (SchemaMigration brings a file of version 1 up to it).
    private const int SchemaVersion = 2;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;

    private EmulatorStore(SqliteConnection writer, string readConnectionString)
    {
        _writer = writer;
        _readConnectionString = readConnectionString;
    }

    public static EmulatorStore Open(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        var writer = new SqliteConnection(builder.ToString());
        try
        {
            writer.Open();
            Initialize(writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        builder.Mode = SqliteOpenMode.ReadOnly;
        builder.Pooling = true;
        return new EmulatorStore(writer, builder.ToString());
    }

    public async Task<T> ReadAsync<T>(Func<SqliteSession, T> read, CancellationToken cancellationToken)
    {
        using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        // A read transaction gives multi-statement reads one consistent snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        return read(new SqliteSession(connection, transaction));
    }

    public async Task<T> WriteAsync<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = write(new SqliteSession(_writer, transaction));
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        // Readers first: the last connection to close checkpoints the WAL into the file and deletes it,
        // which a read-only connection cannot do.
        using (var pooled = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }
        _writer.Dispose();
        _writeLock.Dispose();
    }

    private static void Initialize(SqliteConnection writer)
    {
        var session = new SqliteSession(writer, null);
        var version = session.Scalar<long>("PRAGMA user_version");
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The data file was written by a newer emulator (schema {version}; this one knows {SchemaVersion}).");
        }
        session.Scalar<string>("PRAGMA journal_mode = WAL");
        session.Execute("PRAGMA synchronous = NORMAL");
        using var transaction = writer.BeginTransaction(deferred: false);
        var inTransaction = new SqliteSession(writer, transaction);
        if (version == 1)
        {
            SchemaMigration.Version1To2(inTransaction, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        inTransaction.Execute(DatabaseSchema.CreateTables);
        inTransaction.Execute($"PRAGMA user_version = {SchemaVersion}");
        transaction.Commit();
    }
}
