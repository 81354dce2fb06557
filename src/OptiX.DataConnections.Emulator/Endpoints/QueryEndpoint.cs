using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Lookups;
using OptiX.DataConnections.Emulator.Requests;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary>
/// <c>POST /connections/{uuid}/query</c>: one record by key, as it was uploaded or as the external API answered it
/// (see <see cref="ExternalApi.ExternalLookups"/>).
/// </summary>
internal static class QueryEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost(ApiRoutes.Connection + "/query", HandleAsync);

    private static async Task<IResult> HandleAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, RecordLookup lookup, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var item = QueryRequest.Parse(body.RootElement);
        var result = await lookup.FindAsync(Brand.Of(http), uuid, item, cancellationToken);
        return shaper.Record(result);
    }
}
