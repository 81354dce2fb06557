using System.Text.Json.Serialization;
using OptiX.DataConnections.Emulator.Faults;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Http;

// The JSON answers of the API; property names become snake_case (EmulatorJson.Options).

internal sealed record ConnectionBody(
    Guid DataConnectionUuid,
    string Name,
    string PrimaryKey,
    string? Description,
    RawJson? ExternalApiDetails,
    string CreatedAt,
    string UpdatedAt)
{
    public static ConnectionBody From(StoredConnection connection) => new(
        connection.Uuid,
        connection.Name,
        connection.PrimaryKey,
        connection.Description,
        connection.ExternalApiDetails is { } details ? new RawJson(details) : null,
        connection.CreatedAt,
        connection.UpdatedAt);
}

internal sealed record CreatedConnectionBody(Guid DataConnectionUuid);

internal sealed record UploadDataBody(Guid BatchUuid, int UploadedRecords, bool BatchCompleted)
{
    [JsonPropertyOrder(-1)]
    public string Status => "success";
}

internal sealed record UpdateDataBody(int UpdatedRecords)
{
    [JsonPropertyOrder(-1)]
    public string Status => "success";
}

internal sealed record DeleteDataBody(int DeletedRecords)
{
    [JsonPropertyOrder(-1)]
    public string Status => "success";
}

internal sealed record QueryBody(RawJson Data);

internal sealed record BatchQueryBody(IReadOnlyList<BatchQueryResultBody> Results);

/// <summary>The key as it was sent, and the record or the reason there is none.</summary>
internal sealed record BatchQueryResultBody(RawJson PrimaryKey, RawJson? Data, string? Error);

internal sealed record EmarsysContentBody(IReadOnlyDictionary<string, string> Content);

internal sealed record SchemaBody(string PrimaryKey, IReadOnlyList<SchemaFieldBody> Fields, long RecordCount);

internal sealed record SchemaFieldBody(string Name, IReadOnlyList<string> Types, bool PrimaryKey);

internal sealed record ReferenceBody(Guid ReferenceUuid, string ReferenceType, string ReferenceId, string CreatedAt)
{
    public static ReferenceBody From(StoredReference reference) =>
        new(reference.Uuid, reference.ReferenceType, reference.ReferenceId, reference.CreatedAt);
}

internal sealed record CreatedReferenceBody(Guid ReferenceUuid);

internal sealed record FaultsBody(string? Spec, int? Seed)
{
    public static FaultsBody From(FaultState? state) => new(state?.Spec, state?.Seed);
}
