using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Models;

/// <summary>
/// What creating a connection gave: always its id; the connection as the service describes it, or, when reading it
/// back failed, null and the error (the connection exists all the same).
/// </summary>
public sealed class ConnectionCreation
{
    public ConnectionCreation(Guid connectionId, Connection? connection, ServiceException? readBackError)
    {
        ConnectionId = connectionId;
        Connection = connection;
        ReadBackError = readBackError;
    }

    public Guid ConnectionId { get; }

    public Connection? Connection { get; }

    public ServiceException? ReadBackError { get; }

    /// <summary>The connection as it was asked for, with the id the service gave: what can be shown when the read-back failed.</summary>
    public Connection AsSent(ConnectionDefinition definition) => new()
    {
        ConnectionId = ConnectionId,
        Name = definition.Name,
        PrimaryKey = definition.PrimaryKey,
        Description = definition.Description,
        ExternalApiDetails = definition.ExternalApiDetails is null ? null : Records.PlainJson.Object(definition.ExternalApiDetails.ToJson()),
    };
}
