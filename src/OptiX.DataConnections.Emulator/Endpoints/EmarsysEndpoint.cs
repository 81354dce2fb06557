using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Lookups;
using OptiX.DataConnections.Emulator.Requests;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary>
/// <c>POST /connections/{uuid}/external-content/emarsys</c>: the record the query would answer, flattened to string
/// values (<see cref="FlatRecord"/>) under <c>content</c>; errors as the query's.
/// </summary>
internal static class EmarsysEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost(ApiRoutes.Connection + "/external-content/emarsys", HandleAsync);

    private static async Task<IResult> HandleAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, RecordLookup lookup, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var item = QueryRequest.Parse(body.RootElement);
        var result = await lookup.FindAsync(Brand.Of(http), uuid, item, cancellationToken);
        return shaper.EmarsysContent(new EmarsysContentBody(FlatRecord.Flatten(result.RecordOrThrow())));
    }
}
