using System.Globalization;
using System.Text.Json;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// The Data API's schemas and rows of the emulator's retailer, in the emulator's SQLite file (they survive a restart
/// on the same data file). Each change is one write transaction: a rejected request changes nothing.
/// </summary>
internal sealed class MonetateDatasets(EmulatorStore store, MonetateSettings settings, EmulatorClock clock)
{
    public Task<SchemaView> CreateAsync(MonetateSchema schema, CancellationToken ct) =>
        store.WriteAsync(session =>
        {
            if (MonetateSchemaTable.Find(session, settings.Retailer, schema.Name) is not null)
            {
                throw MonetateProblem.BadRequest($"name: a schema named '{schema.Name}' already exists.");
            }
            var created = clock.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            return MonetateSchemaTable.Insert(session, settings.Retailer, schema, created).View();
        }, ct);

    /// <summary>One page of the schemas (<paramref name="page"/> counts from 1) and whether another follows.</summary>
    public Task<(List<SchemaView> Page, bool More)> ListAsync(int page, int pageSize, CancellationToken ct) =>
        store.ReadAsync(session =>
        {
            var (stored, more) = MonetateSchemaTable.List(session, settings.Retailer, (page - 1) * pageSize, pageSize);
            return (stored.Select(schema => schema.View()).ToList(), more);
        }, ct);

    public Task<SchemaView> GetAsync(string name, CancellationToken ct) =>
        store.ReadAsync(session => Find(session, name).View(), ct);

    /// <summary>Adds fields; answers only what changed (the added fields), as the spec's PATCH answer does.</summary>
    public Task<Dictionary<string, FieldView>> AddFieldsAsync(string name, Dictionary<string, MonetateField> added, CancellationToken ct) =>
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
            MonetateSchemaRules.CheckFieldSet(stored.Schema.Type, combined);
            MonetateSchemaTable.Update(session, stored with { Schema = stored.Schema with { Fields = combined } });
            return MonetateSchema.Views(added);
        }, ct);

    public Task<string> SetNamedIdentifierAsync(string name, string namedIdentifier, CancellationToken ct) =>
        store.WriteAsync(session =>
        {
            var stored = Find(session, name);
            MonetateSchemaTable.Update(session, stored with { Schema = stored.Schema with { NamedIdentifier = namedIdentifier } });
            return namedIdentifier;
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
            var stored = Usable(session, name);
            var valid = MonetateRowValidator.Validate(stored.Schema, rows);
            MonetateRowTable.Insert(session, stored.Id, stored.Schema, valid);
            return valid.Count;
        }, ct);

    /// <summary>The latest row whose identifier equals <paramref name="id"/> (as text), with every schema field; or null.</summary>
    public Task<Dictionary<string, JsonElement?>?> FindRowAsync(string name, string id, CancellationToken ct) =>
        store.ReadAsync(session =>
        {
            var stored = Usable(session, name);
            var row = MonetateRowTable.FindLatest(session, stored.Id, id);
            return row is null
                ? null
                : stored.Schema.Fields.Keys.ToDictionary(
                    field => field,
                    field => row.TryGetValue(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : (JsonElement?)null,
                    StringComparer.Ordinal);
        }, ct);

    private StoredMonetateSchema Find(SqliteSession session, string name) =>
        MonetateSchemaTable.Find(session, settings.Retailer, name)
            ?? throw MonetateProblem.NotFound($"Schema '{name}' does not exist.");

    /// <summary>A schema whose data may be used: seed 004, "You cannot use a dataset until you set an Identifier Name for it".</summary>
    private StoredMonetateSchema Usable(SqliteSession session, string name)
    {
        var stored = Find(session, name);
        return stored.Schema.NamedIdentifier is not null
            ? stored
            : throw MonetateProblem.BadRequest(
                $"named_identifier: schema '{name}' has no Identifier Name, and a dataset cannot be used until one is set; set it with PATCH /schema/{name}/ {{\"named_identifier\": \"...\"}} or in Monetate's UI.");
    }
}
