using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary><c>POST /connections/{uuid}/delete_data</c>: deletes live records by key; unknown keys reject it all.</summary>
internal static class DeleteDataEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost(ApiRoutes.Connection + "/delete_data", HandleAsync);

    private static async Task<IResult> HandleAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var keys = DeleteDataRequest.Parse(body.RootElement);
        var brand = Brand.Of(http);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var result = await store.WriteAsync(session =>
        {
            var connection = Connections.Get(session, brand, uuid);
            Housekeeping.Run(session, now);
            var missing = Records.MissingLive(session, connection.Id, keys, now);
            if (missing.Count > 0)
            {
                throw ApiProblem.MissingPrimaryKeys(
                    $"{missing.Count} primary key(s) do not exist in the data connection; ensure the primary_key exists "
                    + "and send the others again",
                    missing);
            }
            return new DeleteDataBody(Records.Delete(session, connection.Id, keys));
        }, cancellationToken);
        return ApiResults.Json(result);
    }
}
