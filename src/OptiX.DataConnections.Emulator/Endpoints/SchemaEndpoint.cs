using Microsoft.AspNetCore.Mvc;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator.Endpoints;

/// <summary>
/// <c>GET /connections/{uuid}/schema</c>: the top-level fields of the live records and the JSON types each holds.
/// The primary key comes first (even with no records), then the other fields by name.
/// </summary>
internal static class SchemaEndpoint
{
    // SQLite json_each type -> JSON type; the order here is the order of "types" in the answer.
    private static readonly (string SqliteType, string JsonType)[] _typeNames =
    [
        ("text", "string"), ("integer", "number"), ("real", "number"), ("true", "boolean"), ("false", "boolean"),
        ("object", "object"), ("array", "array"), ("null", "null"),
    ];

    public static void Map(IEndpointRouteBuilder api) => api.MapGet(ApiRoutes.Connection + "/schema", HandleAsync);

    private static async Task<IResult> HandleAsync(
        [FromRoute(Name = ApiRoutes.ConnectionUuid)] string connectionUuid,
        HttpContext http, EmulatorStore store, EmulatorClock clock, AnswerShaper shaper, CancellationToken cancellationToken)
    {
        var uuid = PathUuid.Parse(connectionUuid, ApiRoutes.ConnectionUuid);
        var brand = Brand.Of(http);
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var schema = await store.ReadAsync(session =>
        {
            var connection = Connections.Get(session, brand, uuid);
            var count = Records.CountLive(session, connection.Id, now);
            var fieldTypes = Records.LiveFieldTypes(session, connection.Id, now);
            return new SchemaBody(connection.PrimaryKey, Fields(connection.PrimaryKey, fieldTypes), count);
        }, cancellationToken);
        return shaper.Schema(schema);
    }

    private static List<SchemaFieldBody> Fields(string primaryKey, IReadOnlyList<(string Field, string SqliteType)> fieldTypes)
    {
        var typesByField = fieldTypes.ToLookup(pair => pair.Field, pair => pair.SqliteType, StringComparer.Ordinal);
        return typesByField.Select(group => group.Key)
            .Append(primaryKey)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name == primaryKey ? 0 : 1)
            .ThenBy(name => name, StringComparer.Ordinal)
            .Select(name => new SchemaFieldBody(name, JsonTypes(typesByField[name]), name == primaryKey))
            .ToList();
    }

    private static List<string> JsonTypes(IEnumerable<string> sqliteTypes)
    {
        var present = sqliteTypes.ToHashSet(StringComparer.Ordinal);
        return _typeNames.Where(type => present.Contains(type.SqliteType)).Select(type => type.JsonType).Distinct().ToList();
    }
}
