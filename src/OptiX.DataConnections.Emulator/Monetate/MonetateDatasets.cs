using System.Text.Json;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// The Data API's schemas and rows of the emulator's retailer, in the emulator's SQLite file (they survive a restart
/// on the same data file). Each change is one write transaction: a rejected request changes nothing.
/// </summary>
internal sealed class MonetateDatasets(EmulatorStore store, MonetateSettings settings)
{
    public Task<SchemaView> CreateAsync(MonetateSchema schema, CancellationToken ct) =>
        store.WriteAsync(session =>
        {
            if (MonetateSchemaTable.Find(session, settings.Retailer, schema.Name) is not null)
            {
                throw MonetateProblem.BadRequest($"name: a schema named '{schema.Name}' already exists.");
            }
            MonetateSchemaTable.Insert(session, settings.Retailer, schema);
            return schema.View();
        }, ct);

    public Task<List<SchemaView>> ListAsync(CancellationToken ct) =>
        store.ReadAsync(session => MonetateSchemaTable.List(session, settings.Retailer).Select(stored => stored.Schema.View()).ToList(), ct);

    public Task<SchemaView> GetAsync(string name, CancellationToken ct) =>
        store.ReadAsync(session => Find(session, name).Schema.View(), ct);

    public Task<SchemaView> AddFieldsAsync(string name, Dictionary<string, MonetateField> added, CancellationToken ct) =>
        store.WriteAsync(session =>
        {
            var stored = Find(session, name);
            var combined = new Dictionary<string, MonetateField>(stored.Schema.Fields, StringComparer.Ordinal);
            foreach (var (field, definition) in added)
            {
                if (!combined.TryAdd(field, definition))
                {
                    throw MonetateProblem.BadRequest($"fields.{field}: the schema already has this field.");
                }
            }
            MonetateSchemaRules.CheckFieldSet(combined);
            return Update(session, stored with { Schema = stored.Schema with { Fields = combined } });
        }, ct);

    public Task<SchemaView> SetNamedIdentifierAsync(string name, string namedIdentifier, CancellationToken ct) =>
        store.WriteAsync(session =>
        {
            var stored = Find(session, name);
            return Update(session, stored with { Schema = stored.Schema with { NamedIdentifier = namedIdentifier } });
        }, ct);

    public Task DeleteAsync(string name, CancellationToken ct) =>
        store.WriteAsync(session =>
        {
            MonetateSchemaTable.Delete(session, Find(session, name).Id);
            return true;
        }, ct);

    /// <summary>Validates every row first (any bad row: nothing stored), then stores them; returns how many.</summary>
    public Task<int> PostRowsAsync(string name, JsonElement rows, CancellationToken ct) =>
        store.WriteAsync(session =>
        {
            var stored = Find(session, name);
            var valid = MonetateRowValidator.Validate(stored.Schema, rows);
            MonetateRowTable.Insert(session, stored.Id, stored.Schema, valid);
            return valid.Count;
        }, ct);

    /// <summary>The latest row whose identifier equals <paramref name="id"/> (as text), with every schema field; or null.</summary>
    public Task<Dictionary<string, JsonElement?>?> FindRowAsync(string name, string id, CancellationToken ct) =>
        store.ReadAsync(session =>
        {
            var stored = Find(session, name);
            var row = MonetateRowTable.FindLatest(session, stored.Id, id);
            return row is null
                ? null
                : stored.Schema.Fields.Keys.ToDictionary(
                    field => field,
                    field => row.TryGetValue(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : (JsonElement?)null,
                    StringComparer.Ordinal);
        }, ct);

    private static SchemaView Update(SqliteSession session, StoredMonetateSchema stored)
    {
        MonetateSchemaTable.Update(session, stored);
        return stored.Schema.View();
    }

    private StoredMonetateSchema Find(SqliteSession session, string name) =>
        MonetateSchemaTable.Find(session, settings.Retailer, name)
            ?? throw MonetateProblem.NotFound($"Schema '{name}' does not exist.");
}
