using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary><c>PUT /connections/{uuid}/update_data</c>: replaces existing live records whole; unknown keys reject it all.</summary>
internal static class UpdateDataEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPut(ApiRoutes.Connection + "/update_data", HandleAsync);

    private static async Task<IResult> HandleAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var items = UpdateDataRequest.Parse(body);
        var brand = Brand.Of(http);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var result = await store.WriteAsync(session =>
        {
            var connection = Connections.Get(session, brand, uuid);
            var records = UpdatedRecords.Build(items, connection.PrimaryKey);
            Housekeeping.Run(session, now);
            var missing = Records.MissingLive(session, connection.Id, records.Select(record => record.Key), now);
            if (missing.Count > 0)
            {
                throw ApiProblem.MissingPrimaryKeys(
                    $"{missing.Count} primary key(s) do not exist in the data connection; ensure the primary_key exists "
                    + "(upload it first) and send the others again",
                    missing);
            }
            // An update is applied like an upload of its own completed batch (each item with its own ttl).
            var batchId = Batches.Open(session, Guid.NewGuid(), connection.Id, now);
            Records.Write(session, connection.Id, batchId, records, newest: true);
            Batches.Complete(session, batchId, now);
            return new UpdateDataBody(items.Count);
        }, cancellationToken);
        return ApiResults.Json(result);
    }
}
