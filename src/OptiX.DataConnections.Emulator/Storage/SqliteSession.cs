using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>
/// A connection plus its open transaction (if any); every command it makes joins that transaction. The hot reads
/// take their command from the connection's <see cref="StatementCache"/> (<see cref="Reused"/>), compiled once.
/// </summary>
internal sealed class SqliteSession(SqliteConnection connection, SqliteTransaction? transaction, StatementCache statements)
{
    /// <summary>The connection's prepared command for this SQL, with these parameters; not to be disposed.</summary>
    public SqliteCommand Reused(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = statements.Get(connection, sql);
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    public SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public T? Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }
}
