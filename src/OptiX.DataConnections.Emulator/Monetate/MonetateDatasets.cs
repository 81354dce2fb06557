using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>The Data API's schemas and rows, in memory (gone when the emulator stops), behind one lock.</summary>
internal sealed class MonetateDatasets
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MonetateSchema> _schemas = new(StringComparer.Ordinal);

    public SchemaView Create(MonetateSchema schema)
    {
        lock (_lock)
        {
            if (!_schemas.TryAdd(schema.Name, schema))
            {
                throw MonetateProblem.BadRequest($"name: a schema named '{schema.Name}' already exists.");
            }
            return schema.View();
        }
    }

    public List<SchemaView> List()
    {
        lock (_lock)
        {
            return [.. _schemas.Values.Select(schema => schema.View())];
        }
    }

    public SchemaView Get(string name)
    {
        lock (_lock)
        {
            return Find(name).View();
        }
    }

    public SchemaView AddFields(string name, Dictionary<string, MonetateField> added)
    {
        lock (_lock)
        {
            var schema = Find(name);
            var combined = new Dictionary<string, MonetateField>(schema.Fields, StringComparer.Ordinal);
            foreach (var (field, definition) in added)
            {
                if (!combined.TryAdd(field, definition))
                {
                    throw MonetateProblem.BadRequest($"fields.{field}: the schema already has this field.");
                }
            }
            MonetateSchemaRules.CheckFieldSet(combined);
            foreach (var (field, definition) in added)
            {
                schema.Fields.Add(field, definition);
            }
            return schema.View();
        }
    }

    public SchemaView SetNamedIdentifier(string name, string namedIdentifier)
    {
        lock (_lock)
        {
            var schema = Find(name);
            schema.NamedIdentifier = namedIdentifier;
            return schema.View();
        }
    }

    public void Delete(string name)
    {
        lock (_lock)
        {
            Find(name);
            _schemas.Remove(name);
        }
    }

    /// <summary>Validates every row first (any bad row: nothing stored), then stores them; returns how many.</summary>
    public int PostRows(string name, JsonElement rows)
    {
        lock (_lock)
        {
            var schema = Find(name);
            var valid = MonetateRowValidator.Validate(schema, rows);
            var uniqueKey = schema.UniqueKeyField;
            foreach (var row in valid)
            {
                if (uniqueKey is not null && row.TryGetValue(uniqueKey, out var key) && key.ValueKind != JsonValueKind.Null)
                {
                    var raw = key.GetRawText();
                    if (schema.RowByUniqueKey.TryGetValue(raw, out var position))
                    {
                        schema.Rows[position] = row;
                        continue;
                    }
                    schema.RowByUniqueKey[raw] = schema.Rows.Count;
                }
                schema.Rows.Add(row);
            }
            return valid.Count;
        }
    }

    /// <summary>The latest row whose identifier equals <paramref name="id"/> (as text), with every schema field; or null.</summary>
    public Dictionary<string, JsonElement?>? FindRow(string name, string id)
    {
        lock (_lock)
        {
            var schema = Find(name);
            var identifier = schema.IdentifierField;
            for (var i = schema.Rows.Count - 1; i >= 0; i--)
            {
                var row = schema.Rows[i];
                if (row.TryGetValue(identifier, out var value) && AsText(value) == id)
                {
                    return schema.Fields.Keys.ToDictionary(
                        field => field, field => row.TryGetValue(field, out var v) ? v : (JsonElement?)null, StringComparer.Ordinal);
                }
            }
            return null;
        }
    }

    private static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };

    private MonetateSchema Find(string name) =>
        _schemas.TryGetValue(name, out var schema) ? schema : throw MonetateProblem.NotFound($"Schema '{name}' does not exist.");
}
