using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary>
/// <c>POST /connections/{uuid}/upload_data</c>. Every record is written once, as its batch's version of the key:
/// invisible while the batch is open, visible (replacing older batches' records) once a request completes it.
/// </summary>
internal static class UploadDataEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost(ApiRoutes.Connection + "/upload_data", HandleAsync);

    private static async Task<IResult> HandleAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, EmulatorClock clock, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var request = UploadDataRequest.Parse(body);
        var brand = Brand.Of(http);
        // The records are read and checked before the single writer is taken, so that concurrent uploads parse side
        // by side and the writer only writes. A connection's primary key never changes; one deleted meanwhile is
        // still a 404 below.
        var primaryKey = (await store.ReadAsync(session => Connections.Get(session, brand, uuid), cancellationToken)).PrimaryKey;
        var records = UploadedRecords.Read(request.Data, primaryKey);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var result = await store.WriteAsync(session => Upload(session, brand, uuid, request, records, now), cancellationToken);
        return shaper.Uploaded(result);
    }

    private static UploadDataBody Upload(
        SqliteSession session, string brand, Guid connectionUuid, UploadDataRequest request, IReadOnlyList<UploadedRecord> records, long now)
    {
        var connection = Connections.Get(session, brand, connectionUuid);
        Housekeeping.Run(session, now);

        var batchUuid = request.BatchUuid ?? Guid.NewGuid();
        var (batchId, continued) = OpenOrContinueBatch(session, batchUuid, connection.Id, now);
        var ttl = Expiry.Milliseconds(request.TtlSeconds);
        Records.Write(
            session, connection.Id, batchId, records.Select(record => new RecordWrite(record.Key, record.Json, ttl)), newest: request.BatchCompleted);
        if (request.BatchCompleted)
        {
            Batches.Complete(session, batchId, now);
            if (continued && Batches.AnyOtherCompleted(session, connection.Id, batchId))
            {
                // Its earlier requests' records were written beside the versions they now replace. With no other
                // completed batch there is nothing they can have replaced (a discarded batch asked for its own sweep).
                Sweeps.Request(session, connection.Id);
            }
        }
        return new UploadDataBody(batchUuid, records.Count, request.BatchCompleted);
    }

    private static (long Id, bool Continued) OpenOrContinueBatch(SqliteSession session, Guid batchUuid, long connectionId, long now)
    {
        if (Batches.Find(session, batchUuid) is not { } batch)
        {
            return (Batches.Open(session, batchUuid, connectionId, now), false);
        }
        if (batch.ConnectionId != connectionId)
        {
            throw ApiProblem.Conflict($"Batch {batchUuid} belongs to another data connection");
        }
        if (batch.Completed)
        {
            throw ApiProblem.Conflict($"Batch {batchUuid} is already completed; start a new batch_uuid");
        }
        Batches.Touch(session, batch.Id, now);
        return (batch.Id, true);
    }
}
