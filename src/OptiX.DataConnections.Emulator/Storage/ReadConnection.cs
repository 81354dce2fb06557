using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>
/// A long-lived read-only connection with the statements it has prepared. Microsoft.Data.Sqlite keeps a compiled
/// statement only as long as its SqliteCommand lives, so a query by key compiled its SQL on every request.
/// </summary>
internal sealed class ReadConnection(SqliteConnection connection) : IDisposable
{
    public SqliteConnection Connection { get; } = connection;

    public StatementCache Statements { get; } = new();

    public void Dispose()
    {
        Statements.Dispose();
        Connection.Dispose();
    }
}
