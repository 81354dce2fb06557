using System.Text.Json;
using Microsoft.Data.Sqlite;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Monetate;

internal sealed record StoredMonetateSchema(long Id, MonetateSchema Schema, string CreatedDate)
{
    public SchemaView View() => Schema.View(Id, CreatedDate);
}

/// <summary>The <c>monetate_schemas</c> table: one retailer's schemas, invisible to every other retailer.</summary>
internal static class MonetateSchemaTable
{
    private const string Columns = "id, name, type, fields, named_identifier, created_date";

    /// <summary>Stores a new schema; answers it with its id and creation time.</summary>
    public static StoredMonetateSchema Insert(SqliteSession session, string retailer, MonetateSchema schema, string createdDate)
    {
        session.Execute(
            """
            INSERT INTO monetate_schemas (retailer, name, type, fields, named_identifier, created_date)
            VALUES ($retailer, $name, $type, $fields, $namedIdentifier, $createdDate)
            """,
            ("$retailer", retailer), ("$name", schema.Name), ("$type", schema.Type),
            ("$fields", FieldsJson(schema.Fields)), ("$namedIdentifier", schema.NamedIdentifier), ("$createdDate", createdDate));
        return Find(session, retailer, schema.Name) ?? throw new InvalidOperationException("A Monetate schema just stored cannot be read.");
    }

    public static StoredMonetateSchema? Find(SqliteSession session, string retailer, string name)
    {
        using var command = session.Command(
            $"SELECT {Columns} FROM monetate_schemas WHERE retailer = $retailer AND name = $name",
            ("$retailer", retailer), ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>One page of the retailer's schemas in creation order, and whether more follow.</summary>
    public static (List<StoredMonetateSchema> Page, bool More) List(SqliteSession session, string retailer, int offset, int count)
    {
        using var command = session.Command(
            $"SELECT {Columns} FROM monetate_schemas WHERE retailer = $retailer ORDER BY id LIMIT $limit OFFSET $offset",
            ("$retailer", retailer), ("$limit", count + 1), ("$offset", offset));
        using var reader = command.ExecuteReader();
        var schemas = new List<StoredMonetateSchema>();
        while (reader.Read())
        {
            schemas.Add(Read(reader));
        }
        var more = schemas.Count > count;
        if (more)
        {
            schemas.RemoveAt(count);
        }
        return (schemas, more);
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
            reader.IsDBNull(4) ? null : reader.GetString(4)),
            reader.IsDBNull(5) ? string.Empty : reader.GetString(5));

    private static string FieldsJson(IReadOnlyDictionary<string, MonetateField> fields) =>
        JsonSerializer.Serialize(fields, EmulatorJson.Options);
}
