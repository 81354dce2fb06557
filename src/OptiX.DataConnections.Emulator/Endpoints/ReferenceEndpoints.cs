using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary><c>/connections/{uuid}/references</c>: which campaigns (mail, sms, banner, ...) use a connection.</summary>
internal static class ReferenceEndpoints
{
    private const string ReferencesPath = ApiRoutes.Connection + "/references";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost(ReferencesPath, CreateAsync);
        api.MapGet(ReferencesPath, ListAsync);
        api.MapDelete(ReferencesPath + "/{" + ApiRoutes.ReferenceUuid + "}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, EmulatorClock clock, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var request = CreateReferenceRequest.Parse(body.RootElement);
        var brand = Brand.Of(http);
        var now = EmulatorClock.ToIso(clock.UtcNow);
        var reference = await store.WriteAsync(
            session => References.Insert(
                session, Connections.Get(session, brand, uuid).Id, request.ReferenceType, request.ReferenceId, now),
            cancellationToken);
        return shaper.CreatedReference(reference.Uuid);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        var brand = Brand.Of(http);
        var references = await store.ReadAsync(
            session => References.List(session, Connections.Get(session, brand, uuid).Id), cancellationToken);
        return shaper.References(references.Select(ReferenceBody.From).ToList());
    }

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        [FromRoute(Name = ApiRoutes.ReferenceUuid)] string referenceUuid,
        HttpContext http, EmulatorStore store, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        var reference = PathUuid.Parse(referenceUuid, ApiRoutes.ReferenceUuid);
        var brand = Brand.Of(http);
        await store.WriteAsync(session =>
        {
            var connection = Connections.Get(session, brand, uuid);
            return References.Delete(session, connection.Id, reference)
                ? true
                : throw ApiProblem.NotFound("Reference not found");
        }, cancellationToken);
        return shaper.Deleted();
    }
}
