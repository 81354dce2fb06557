using Microsoft.Data.Sqlite;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Storage;

internal static class Connections
{
    private const string Columns = "id, uuid, name, primary_key, description, external_api_details, created_at, updated_at";

    public static StoredConnection Insert(
        SqliteSession session, string brandKey, string name, string primaryKey, string? description,
        string? externalApiDetails, string now)
    {
        var uuid = Guid.NewGuid();
        var id = session.Scalar<long>(
            """
            INSERT INTO connections (uuid, brand_key, name, primary_key, description, external_api_details, created_at, updated_at)
            VALUES ($uuid, $brand, $name, $primaryKey, $description, $details, $now, $now)
            RETURNING id
            """,
            ("$uuid", uuid.ToString()), ("$brand", brandKey), ("$name", name), ("$primaryKey", primaryKey),
            ("$description", description), ("$details", externalApiDetails), ("$now", now));
        return new StoredConnection(id, uuid, name, primaryKey, description, externalApiDetails, now, now);
    }

    /// <summary>The brand's connection, or a 404: another brand's connection does not exist for this one.</summary>
    public static StoredConnection Get(SqliteSession session, string brandKey, Guid uuid)
    {
        var command = session.Reused(
            $"SELECT {Columns} FROM connections WHERE uuid = $uuid AND brand_key = $brand",
            ("$uuid", uuid.ToString()), ("$brand", brandKey));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : throw ApiProblem.ConnectionNotFound();
    }

    public static IReadOnlyList<StoredConnection> List(SqliteSession session, string brandKey)
    {
        using var command = session.Command(
            $"SELECT {Columns} FROM connections WHERE brand_key = $brand ORDER BY id", ("$brand", brandKey));
        using var reader = command.ExecuteReader();
        var connections = new List<StoredConnection>();
        while (reader.Read())
        {
            connections.Add(Read(reader));
        }
        return connections;
    }

    public static void Update(SqliteSession session, StoredConnection connection) =>
        session.Execute(
            """
            UPDATE connections
            SET name = $name, description = $description, external_api_details = $details, updated_at = $updatedAt
            WHERE id = $id
            """,
            ("$id", connection.Id), ("$name", connection.Name), ("$description", connection.Description),
            ("$details", connection.ExternalApiDetails), ("$updatedAt", connection.UpdatedAt));

    /// <summary>Removes the connection with its records (of open batches too), batches and references.</summary>
    public static void Delete(SqliteSession session, long id) =>
        session.Execute(
            """
            DELETE FROM record_versions WHERE connection_id = $id;
            DELETE FROM batches WHERE connection_id = $id;
            DELETE FROM sweeps WHERE connection_id = $id;
            DELETE FROM connection_references WHERE connection_id = $id;
            DELETE FROM connections WHERE id = $id;
            """,
            ("$id", id));

    private static StoredConnection Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        Guid.Parse(reader.GetString(1)),
        reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7));
}
