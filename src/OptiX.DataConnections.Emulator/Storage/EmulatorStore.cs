using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>
/// The SQLite file behind the emulator. Writes are serialized over one long-lived connection, one transaction
/// per request (rolled back if the request is rejected); reads use read-only connections of their own, kept open
/// with their prepared statements, and, thanks to WAL, run alongside a write and see the last committed state.
/// </summary>
internal sealed class EmulatorStore : IDisposable
{
    // New tables alone (the Monetate ones) keep the version: an older file gains them, an older emulator ignores them.
    // 2: records stored as versions of their batch (SchemaMigration brings a file of version 1 up to it).
    private const int SchemaVersion = 2;

    // Idle read connections kept beyond this many are closed: a burst of reads does not keep its peak open.
    private const int IdleReadersKept = 8;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly StatementCache _writerStatements = new();
    private readonly string _readConnectionString;
    private readonly ConcurrentBag<ReadConnection> _idleReaders = [];
    private volatile bool _disposed;

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
        return new EmulatorStore(writer, builder.ToString());
    }

    public async Task<T> ReadAsync<T>(Func<SqliteSession, T> read, CancellationToken cancellationToken)
    {
        if (!_idleReaders.TryTake(out var reader))
        {
            reader = new ReadConnection(new SqliteConnection(_readConnectionString));
            try
            {
                await reader.Connection.OpenAsync(cancellationToken);
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
        try
        {
            // A read transaction gives multi-statement reads one consistent snapshot.
            using var transaction = reader.Connection.BeginTransaction(deferred: true);
            return read(new SqliteSession(reader.Connection, transaction, reader.Statements));
        }
        finally
        {
            if (!_disposed && _idleReaders.Count < IdleReadersKept)
            {
                _idleReaders.Add(reader);
            }
            else
            {
                reader.Dispose();
            }
        }
    }

    public async Task<T> WriteAsync<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = write(new SqliteSession(_writer, transaction, _writerStatements));
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
        _disposed = true;
        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }
        _writerStatements.Dispose();
        _writer.Dispose();
        _writeLock.Dispose();
    }

    private static void Initialize(SqliteConnection writer)
    {
        using var statements = new StatementCache();
        var session = new SqliteSession(writer, null, statements);
        var version = session.Scalar<long>("PRAGMA user_version");
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The data file was written by a newer emulator (schema {version}; this one knows {SchemaVersion}).");
        }
        session.Scalar<string>("PRAGMA journal_mode = WAL");
        session.Execute("PRAGMA synchronous = NORMAL");
        using var transaction = writer.BeginTransaction(deferred: false);
        var inTransaction = new SqliteSession(writer, transaction, statements);
        if (version == 1)
        {
            SchemaMigration.Version1To2(inTransaction, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        inTransaction.Execute(DatabaseSchema.CreateTables);
        inTransaction.Execute($"PRAGMA user_version = {SchemaVersion}");
        transaction.Commit();
    }
}
