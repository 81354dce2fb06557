using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary><c>POST /connections/{uuid}/query</c>: one live record by key, as it was uploaded.</summary>
internal static class QueryEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost(ApiRoutes.Connection + "/query", HandleAsync);

    private static async Task<IResult> HandleAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var request = QueryRequest.Parse(body.RootElement);
        var brand = Brand.Of(http);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var record = await store.ReadAsync(
            session => Records.FindLive(session, Connections.Get(session, brand, uuid).Id, request.Key, now),
            cancellationToken);
        return record is null
            ? throw ApiProblem.NotFound("Record not found")
            : ApiResults.Json(new QueryBody(new RawJson(record)));
    }
}
