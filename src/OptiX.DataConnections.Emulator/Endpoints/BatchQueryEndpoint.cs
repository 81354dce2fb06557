using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Lookups;
using OptiX.DataConnections.Emulator.Requests;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary>
/// <c>POST /connections/{uuid}/api_batch_query</c>: up to 5000 lookups, answered in request order; a lookup that finds
/// nothing (or whose external call fails) has <c>data</c> null and the reason in <c>error</c>, the others are unaffected.
/// </summary>
internal static class BatchQueryEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost(ApiRoutes.Connection + "/api_batch_query", HandleAsync);

    private static async Task<IResult> HandleAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, RecordLookup lookup, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var items = BatchQueryRequest.Parse(body.RootElement);
        var results = await lookup.FindManyAsync(Brand.Of(http), uuid, items, cancellationToken);
        return shaper.BatchResults(items.Zip(results, (item, result) => new BatchQueryResultBody(
            new RawJson(item.PrimaryKeyJson),
            result.Json is { } json ? new RawJson(json) : null,
            result.Error)).ToList());
    }
}
