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
        var api = app.MapGroup(BasePath).AddEndpointFilter<ApiKeyAuthenticationFilter>();
        ConnectionEndpoints.Map(api);
        UploadDataEndpoint.Map(api);
        UpdateDataEndpoint.Map(api);
        DeleteDataEndpoint.Map(api);
        QueryEndpoint.Map(api);
        SchemaEndpoint.Map(api);
        ReferenceEndpoints.Map(api);
    }
}
