using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary>
/// <c>POST /connections/{uuid}/upload_data</c>. Records of an open batch are staged and invisible; the request that
/// completes the batch applies the staged records and then its own, in one transaction.
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
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var result = await store.WriteAsync(session => Upload(session, brand, uuid, request, now), cancellationToken);
        return shaper.Uploaded(result);
    }

    private static UploadDataBody Upload(SqliteSession session, string brand, Guid connectionUuid, UploadDataRequest request, long now)
    {
        var connection = Connections.Get(session, brand, connectionUuid);
        var records = UploadedRecords.Read(request.Data, connection.PrimaryKey);
        Housekeeping.Run(session, now);

        var batchUuid = request.BatchUuid ?? Guid.NewGuid();
        var batchId = OpenOrContinueBatch(session, batchUuid, connection.Id, now);
        if (request.BatchCompleted)
        {
            Batches.Complete(session, batchId, connection.Id, now);
            var expiresAt = Expiry.At(now, request.TtlSeconds);
            Records.Upsert(session, connection.Id, records.Select(record => new RecordWrite(record.Key, record.Json, expiresAt)));
        }
        else
        {
            Batches.Stage(session, batchId, records.Select(record => new StagedRecord(record.Key, record.Json, request.TtlSeconds)));
        }
        return new UploadDataBody(batchUuid, records.Count, request.BatchCompleted);
    }

    private static long OpenOrContinueBatch(SqliteSession session, Guid batchUuid, long connectionId, long now)
    {
        if (Batches.Find(session, batchUuid) is not { } batch)
        {
            return Batches.Open(session, batchUuid, connectionId, now);
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
        return batch.Id;
    }
}
