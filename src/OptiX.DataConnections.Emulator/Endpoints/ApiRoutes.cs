using OptiX.DataConnections.Emulator.Faults;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Endpoints;

internal static class ApiRoutes
{
    public const string BasePath = "/api/data-connections/v1";

    /// <summary>The route parameter names are FastAPI's, as they appear in a 422's <c>loc</c>.</summary>
    public const string ConnectionUuid = "data_connection_uuid";
    public const string ReferenceUuid = "reference_uuid";

    public const string Connection = "/connections/{" + ConnectionUuid + "}";

    public static void MapDataConnectionsApi(this IEndpointRouteBuilder app)
    {
        // Authentication first: a request it rejects draws no fault.
        var api = app.MapGroup(BasePath)
            .AddEndpointFilter<ApiKeyAuthenticationFilter>()
            .AddEndpointFilter<FaultInjectionFilter>();
        ConnectionEndpoints.Map(Route(api, FaultRoutes.Connections));
        UploadDataEndpoint.Map(Route(api, FaultRoutes.UploadData));
        UpdateDataEndpoint.Map(Route(api, FaultRoutes.UpdateData));
        DeleteDataEndpoint.Map(Route(api, FaultRoutes.DeleteData));
        QueryEndpoint.Map(Route(api, FaultRoutes.Query));
        BatchQueryEndpoint.Map(Route(api, FaultRoutes.ApiBatchQuery));
        EmarsysEndpoint.Map(Route(api, FaultRoutes.Emarsys));
        SchemaEndpoint.Map(Route(api, FaultRoutes.Schema));
        ReferenceEndpoints.Map(Route(api, FaultRoutes.References));
    }

    /// <summary>The endpoints mapped on the result carry their fault spec route name.</summary>
    private static RouteGroupBuilder Route(RouteGroupBuilder api, string faultRoute) =>
        api.MapGroup(string.Empty).WithMetadata(new FaultRoute(faultRoute));
}
