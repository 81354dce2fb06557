using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

internal static class ConnectionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/connections", CreateAsync);
        api.MapGet("/connections", ListAsync);
        api.MapGet(ApiRoutes.Connection, GetAsync);
        api.MapPut(ApiRoutes.Connection, UpdateAsync);
        api.MapDelete(ApiRoutes.Connection, DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, EmulatorStore store, EmulatorClock clock, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var request = CreateConnectionRequest.Parse(body.RootElement);
        var brand = Brand.Of(http);
        var now = EmulatorClock.ToIso(clock.UtcNow);
        var created = await store.WriteAsync(
            session => Connections.Insert(
                session, brand, request.Name, request.PrimaryKey, request.Description, request.ExternalApiDetails, now),
            cancellationToken);
        return ApiResults.Json(new CreatedConnectionBody(created.Uuid), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext http, EmulatorStore store, CancellationToken cancellationToken)
    {
        var brand = Brand.Of(http);
        var connections = await store.ReadAsync(session => Connections.List(session, brand), cancellationToken);
        return ApiResults.Json(connections.Select(ConnectionBody.From).ToList());
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        var brand = Brand.Of(http);
        var connection = await store.ReadAsync(session => Connections.Get(session, brand, uuid), cancellationToken);
        return ApiResults.Json(ConnectionBody.From(connection));
    }

    private static async Task<IResult> UpdateAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var request = UpdateConnectionRequest.Parse(body.RootElement);
        var brand = Brand.Of(http);
        var now = EmulatorClock.ToIso(clock.UtcNow);
        var updated = await store.WriteAsync(session =>
        {
            var connection = Connections.Get(session, brand, uuid);
            if (request.PrimaryKey is { } primaryKey && primaryKey != connection.PrimaryKey)
            {
                throw ApiProblem.BadRequest("primary_key cannot be changed after creation");
            }
            var changed = connection with
            {
                Name = request.Name ?? connection.Name,
                Description = request.Description ?? connection.Description,
                ExternalApiDetails = request.ExternalApiDetails ?? connection.ExternalApiDetails,
                UpdatedAt = now,
            };
            Connections.Update(session, changed);
            return changed;
        }, cancellationToken);
        return ApiResults.Json(ConnectionBody.From(updated));
    }

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        var brand = Brand.Of(http);
        await store.WriteAsync(session =>
        {
            Connections.Delete(session, Connections.Get(session, brand, uuid).Id);
            return true;
        }, cancellationToken);
        return Results.NoContent();
    }
}
