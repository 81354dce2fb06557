using OptiX.DataConnections.Emulator.ExternalApi;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Lookups;

/// <summary>
/// Records by key, for query, batch query and the Emarsys lookup: from the live uploaded records of an upload-based
/// connection, or from the external API of an API-based one (a connection with external_api_details).
/// </summary>
internal sealed class RecordLookup(EmulatorStore store, EmulatorClock clock, ExternalLookups external)
{
    public async Task<LookupResult> FindAsync(string brand, Guid uuid, QueryItem item, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var (connection, record) = await store.ReadAsync(session =>
        {
            var connection = Connections.Get(session, brand, uuid);
            return (connection, connection.ExternalApiDetails is null ? Records.FindLive(session, connection.Id, item.Key, now) : null);
        }, cancellationToken);
        if (connection.ExternalApiDetails is not { } detailsJson)
        {
            return record is null ? LookupResult.NotFound() : LookupResult.Found(record);
        }
        var details = ExternalApiDetails.FromStored(detailsJson);
        return await external.QueryAsync(connection.Uuid, connection.PrimaryKey, details, item, cancellationToken);
    }

    public async Task<IReadOnlyList<LookupResult>> FindManyAsync(
        string brand, Guid uuid, IReadOnlyList<QueryItem> items, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var (connection, records) = await store.ReadAsync(session =>
        {
            var connection = Connections.Get(session, brand, uuid);
            var records = connection.ExternalApiDetails is null
                ? Records.FindManyLive(session, connection.Id, items.Select(item => item.Key), now)
                : null;
            return (connection, records);
        }, cancellationToken);
        if (connection.ExternalApiDetails is not { } detailsJson)
        {
            return records!.Select(record => record is null ? LookupResult.NotFound() : LookupResult.Found(record)).ToList();
        }
        var details = ExternalApiDetails.FromStored(detailsJson);
        return await external.BatchAsync(connection.Uuid, connection.PrimaryKey, details, items, cancellationToken);
    }
}
