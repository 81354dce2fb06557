using OptiX.DataConnections.Emulator.Faults;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Requests;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary>
/// <c>/admin/faults</c> (outside the API's base path; needs <c>x-admin-key</c>, see <see cref="AdminKeyMiddleware"/>):
/// GET answers the active faults <c>{"spec": "..." | null, "seed": N | null}</c>; PUT <c>{"spec": "..."}</c> replaces
/// them (and restarts the random sequences), answering the same shape; DELETE removes them (204).
/// </summary>
internal static class AdminEndpoints
{
    public const string FaultsPath = AdminKeyMiddleware.PathPrefix + "/faults";

    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(FaultsPath, (FaultInjector injector) => ApiResults.Json(FaultsBody.From(injector.State)));
        app.MapPut(FaultsPath, PutAsync);
        app.MapDelete(FaultsPath, (FaultInjector injector) =>
        {
            injector.Apply(null);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> PutAsync(HttpContext http, FaultInjector injector, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var spec = FaultsRequest.Parse(body.RootElement);
        return ApiResults.Json(FaultsBody.From(injector.Apply(spec)));
    }
}
