namespace OptiX.DataConnections.Emulator.Faults;

/// <summary>The route names a fault spec uses; every API endpoint carries one as metadata (<see cref="FaultRoute"/>).</summary>
internal static class FaultRoutes
{
    public const string All = "*";
    public const string Connections = "connections";
    public const string UploadData = "upload_data";
    public const string UpdateData = "update_data";
    public const string DeleteData = "delete_data";
    public const string Query = "query";
    public const string ApiBatchQuery = "api_batch_query";
    public const string Schema = "schema";
    public const string References = "references";
    public const string Emarsys = "emarsys";

    public static readonly IReadOnlyList<string> Names =
        [Connections, UploadData, UpdateData, DeleteData, Query, ApiBatchQuery, Schema, References, Emarsys];
}

/// <summary>Endpoint metadata: the fault spec's name for the route.</summary>
internal sealed record FaultRoute(string Name);
