using System.Text.Json;
using Microsoft.Data.Sqlite;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Monetate;

internal sealed record StoredMonetateSchema(long Id, MonetateSchema Schema);

/// <summary>The <c>monetate_schemas</c> table: one retailer's schemas, invisible to every other retailer.</summary>
internal static class MonetateSchemaTable
{
    private const string Columns = "id, name, type, fields, named_identifier";

    public static void Insert(SqliteSession session, string retailer, MonetateSchema schema) =>
        session.Execute(
            """
            INSERT INTO monetate_schemas (retailer, name, type, fields, named_identifier)
            VALUES ($retailer, $name, $type, $fields, $namedIdentifier)
            """,
            ("$retailer", retailer), ("$name", schema.Name), ("$type", schema.Type),
            ("$fields", FieldsJson(schema.Fields)), ("$namedIdentifier", schema.NamedIdentifier));

    public static StoredMonetateSchema? Find(SqliteSession session, string retailer, string name)
    {
        using var command = session.Command(
            $"SELECT {Columns} FROM monetate_schemas WHERE retailer = $retailer AND name = $name",
            ("$retailer", retailer), ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    public static List<StoredMonetateSchema> List(SqliteSession session, string retailer)
    {
        using var command = session.Command(
            $"SELECT {Columns} FROM monetate_schemas WHERE retailer = $retailer ORDER BY id", ("$retailer", retailer));
        using var reader = command.ExecuteReader();
        var schemas = new List<StoredMonetateSchema>();
        while (reader.Read())
        {
            schemas.Add(Read(reader));
        }
        return schemas;
    }

    public static void Update(SqliteSession session, StoredMonetateSchema stored) =>
        session.Execute(
            "UPDATE monetate_schemas SET fields = $fields, named_identifier = $namedIdentifier WHERE id = $id",
            ("$id", stored.Id), ("$fields", FieldsJson(stored.Schema.Fields)), ("$namedIdentifier", stored.Schema.NamedIdentifier));

    /// <summary>Removes the schema with all its rows.</summary>
    public static void Delete(SqliteSession session, long id) =>
        session.Execute(
            """
            DELETE FROM monetate_rows WHERE schema_id = $id;
            DELETE FROM monetate_schemas WHERE id = $id;
            """,
            ("$id", id));

    private static StoredMonetateSchema Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        new MonetateSchema(
            reader.GetString(1),
            reader.GetString(2),
            JsonSerializer.Deserialize<Dictionary<string, MonetateField>>(reader.GetString(3), EmulatorJson.Options)
                ?? throw new InvalidOperationException("A stored Monetate schema has no fields."),
            reader.IsDBNull(4) ? null : reader.GetString(4)));

    private static string FieldsJson(IReadOnlyDictionary<string, MonetateField> fields) =>
        JsonSerializer.Serialize(fields, EmulatorJson.Options);
}
