using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Records;

namespace OptiX.DataConnections.OptiX.Answers;

/// <summary>
/// Reads connections from the answers of <c>/connections</c> routes. The guides show only the create answer
/// (<c>{"data_connection_uuid": ...}</c>); the connection object's shape is our decision, so a connection is read bare
/// or under <c>data</c>/<c>connection</c>, its id under any of <see cref="IdNames"/>. An id, a name and a primary key
/// are needed; without them the answer is not a connection.
/// </summary>
public static class ConnectionAnswers
{
    public static readonly string[] IdNames = ["data_connection_uuid", "uuid", "id", "data_connection_id", "connection_uuid", "connection_id"];

    private static readonly string[] RecordWrappers = ["data", "connection", "data_connection", "result"];

    /// <summary>A list of connections: bare, or under connections, data_connections, items, data, results...</summary>
    public static IReadOnlyList<Connection> List(ServiceResponse response, string route) =>
        AnswerJson.List(response, route, "connections", "connections", "data_connections")
            .Cast<JObject>()
            .Select(item => Read(item, route))
            .ToList();

    /// <summary>One connection, bare or wrapped.</summary>
    public static Connection One(ServiceResponse response, string route) =>
        Read(Unwrap(AnswerJson.Object(response, route, "a connection")), route);

    /// <summary>The connection in an answer if it is one, else null (a PUT may answer <c>{"status": "success"}</c>).</summary>
    public static Connection? TryOne(ServiceResponse response, string route)
    {
        if (response.Body is not JObject body)
        {
            return null;
        }

        var candidate = Unwrap(body);
        return IdOf(candidate) is not null && AnswerJson.Text(candidate["name"]) is not null && AnswerJson.Text(candidate["primary_key"]) is not null
            ? Read(candidate, route)
            : null;
    }

    /// <summary>The id a create answered with (bare, under data, or inside the connection it returned), or null if none.</summary>
    public static Guid? CreatedId(ServiceResponse response) =>
        response.Body is JObject body ? IdOf(body) ?? IdOf(Unwrap(body)) : null;

    public static Connection Read(JObject json, string route)
    {
        var id = IdOf(json) ?? throw AnswerJson.Unexpected(route, "a connection without a data_connection_uuid that is a UUID", json);
        var name = AnswerJson.Text(json["name"]) ?? throw AnswerJson.Unexpected(route, $"connection {id} has no name", json);
        var primaryKey = AnswerJson.Text(AnswerJson.First(json, "primary_key", "primaryKey"))
            ?? throw AnswerJson.Unexpected(route, $"connection {id} has no primary_key", json);
        var details = AnswerJson.First(json, "external_api_details", "externalApiDetails");
        if (details is not null and not JObject)
        {
            throw AnswerJson.Unexpected(route, $"connection {id} has external_api_details that are not an object", json);
        }

        return new Connection
        {
            ConnectionId = id,
            Name = name,
            PrimaryKey = primaryKey,
            Description = AnswerJson.Text(json["description"]),
            ExternalApiDetails = details is JObject obj ? PlainJson.Object(obj) : null,
            CreatedAt = AnswerJson.Timestamp(AnswerJson.First(json, "created_at", "createdAt", "created")),
            UpdatedAt = AnswerJson.Timestamp(AnswerJson.First(json, "updated_at", "updatedAt", "updated")),
        };
    }

    private static Guid? IdOf(JObject json) => AnswerJson.Uuid(AnswerJson.First(json, IdNames));

    private static JObject Unwrap(JObject body)
    {
        if (IdOf(body) is not null)
        {
            return body;
        }

        return RecordWrappers.Select(name => body[name]).OfType<JObject>().FirstOrDefault() ?? body;
    }
}
