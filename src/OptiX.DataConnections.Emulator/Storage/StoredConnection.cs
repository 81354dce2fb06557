namespace OptiX.DataConnections.Emulator.Storage;

/// <summary>A connection row. <see cref="ExternalApiDetails"/> is JSON text as it was received.</summary>
internal sealed record StoredConnection(
    long Id,
    Guid Uuid,
    string Name,
    string PrimaryKey,
    string? Description,
    string? ExternalApiDetails,
    string CreatedAt,
    string UpdatedAt);
