using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.ExternalApi;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary>
/// <c>/connections</c> and <c>/connections/{uuid}</c>. Creating an API-based connection, or giving a connection new
/// external_api_details, first makes a test call with the sample placeholder values; if it fails, nothing is stored.
/// </summary>
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
        HttpContext http, EmulatorStore store, EmulatorClock clock, ExternalLookups external, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var request = CreateConnectionRequest.Parse(body.RootElement);
        var brand = Brand.Of(http);
        if (request.ExternalApiDetails is { } details)
        {
            await external.TestCallAsync(details, cancellationToken);
        }
        var now = EmulatorClock.ToIso(clock.UtcNow);
        var created = await store.WriteAsync(
            session => Connections.Insert(
                session, brand, request.Name, request.PrimaryKey, request.Description, request.ExternalApiDetailsJson, now),
            cancellationToken);
        return shaper.CreatedConnection(created.Uuid);
    }

    private static async Task<IResult> ListAsync(HttpContext http, EmulatorStore store, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var brand = Brand.Of(http);
        var connections = await store.ReadAsync(session => Connections.List(session, brand), cancellationToken);
        return shaper.Connections(connections.Select(ConnectionBody.From).ToList());
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        var brand = Brand.Of(http);
        var connection = await store.ReadAsync(session => Connections.Get(session, brand, uuid), cancellationToken);
        return shaper.Connection(ConnectionBody.From(connection));
    }

    private static async Task<IResult> UpdateAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, EmulatorClock clock, ExternalLookups external, ExternalAnswerCache cache,
        AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var request = UpdateConnectionRequest.Parse(body.RootElement);
        var brand = Brand.Of(http);

        // Checked before the test call, so a rejected request calls nothing; checked again in the write.
        var current = await store.ReadAsync(session => Connections.Get(session, brand, uuid), cancellationToken);
        CheckPrimaryKey(request, current);
        var detailsChanged = request.ExternalApiDetailsJson is { } newDetails && !SameJson(newDetails, current.ExternalApiDetails);
        if (detailsChanged)
        {
            await external.TestCallAsync(request.ExternalApiDetails!, cancellationToken);
        }

        var now = EmulatorClock.ToIso(clock.UtcNow);
        var updated = await store.WriteAsync(session =>
        {
            var connection = Connections.Get(session, brand, uuid);
            CheckPrimaryKey(request, connection);
            var changed = connection with
            {
                Name = request.Name ?? connection.Name,
                Description = request.Description ?? connection.Description,
                ExternalApiDetails = request.ExternalApiDetailsJson ?? connection.ExternalApiDetails,
                UpdatedAt = now,
            };
            Connections.Update(session, changed);
            return changed;
        }, cancellationToken);
        if (detailsChanged)
        {
            cache.Forget(uuid);
        }
        return shaper.UpdatedConnection(ConnectionBody.From(updated));
    }

    private static void CheckPrimaryKey(UpdateConnectionRequest request, StoredConnection connection)
    {
        if (request.PrimaryKey is { } primaryKey && primaryKey != connection.PrimaryKey)
        {
            throw ApiProblem.BadRequest("primary_key cannot be changed after creation");
        }
    }

    private static bool SameJson(string json, string? other)
    {
        if (other is null)
        {
            return false;
        }
        using var first = JsonDocument.Parse(json);
        using var second = JsonDocument.Parse(other);
        return JsonElement.DeepEquals(first.RootElement, second.RootElement);
    }

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, ExternalAnswerCache cache, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        var brand = Brand.Of(http);
        await store.WriteAsync(session =>
        {
            Connections.Delete(session, Connections.Get(session, brand, uuid).Id);
            return true;
        }, cancellationToken);
        cache.Forget(uuid);
        return shaper.Deleted();
    }
}
