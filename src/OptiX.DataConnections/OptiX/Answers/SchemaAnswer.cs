using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;

namespace OptiX.DataConnections.OptiX.Answers;

/// <summary>
/// Reads <c>GET /connections/{uuid}/schema</c>, whose shape is our decision: bare or under <c>data</c>/<c>schema</c>;
/// <c>fields</c> a list of <c>{name, types}</c> (or <c>type</c>, one text or a list) or an object mapping each name to
/// its type(s); <c>record_count</c> a number or its text, absent when the service does not count.
/// </summary>
public static class SchemaAnswer
{
    public static ConnectionSchema Read(ServiceResponse response, string route, Guid connectionId)
    {
        var body = AnswerJson.Object(response, route, "a schema");
        if (body["fields"] is null)
        {
            body = new[] { "data", "schema" }.Select(name => body[name]).OfType<JObject>().FirstOrDefault(inner => inner["fields"] is not null)
                ?? throw AnswerJson.Unexpected(route, "a schema without fields", body);
        }

        var primaryKey = AnswerJson.Text(AnswerJson.First(body, "primary_key", "primaryKey"))
            ?? throw AnswerJson.Unexpected(route, "a schema without its primary_key", body);
        var schema = new ConnectionSchema
        {
            ConnectionId = connectionId,
            PrimaryKey = primaryKey,
            RecordCount = AnswerJson.Integer(AnswerJson.First(body, "record_count", "records", "total_records", "count")),
        };
        switch (body["fields"])
        {
            case JArray fields:
                foreach (var field in fields)
                {
                    var item = field as JObject ?? throw AnswerJson.Unexpected(route, "a field that is not an object", body);
                    var name = AnswerJson.Text(item["name"]) ?? throw AnswerJson.Unexpected(route, "a field without a name", body);
                    schema.Fields.Add(Field(name, AnswerJson.First(item, "types", "type"), AnswerJson.Boolean(item["primary_key"]), primaryKey, route, body));
                }

                break;
            case JObject map:
                foreach (var property in map.Properties())
                {
                    var types = property.Value is JObject described ? AnswerJson.First(described, "types", "type") : property.Value;
                    var isKey = property.Value is JObject flags ? AnswerJson.Boolean(flags["primary_key"]) : null;
                    schema.Fields.Add(Field(property.Name, types, isKey, primaryKey, route, body));
                }

                break;
            default:
                throw AnswerJson.Unexpected(route, "fields that are neither a list nor an object", body);
        }

        return schema;
    }

    private static SchemaField Field(string name, JToken? types, bool? isKey, string primaryKey, string route, JObject body)
    {
        var field = new SchemaField { Name = name, IsPrimaryKey = isKey ?? name == primaryKey };
        switch (types)
        {
            case null:
                break;
            case JArray list:
                field.Types.AddRange(list.Select(t => AnswerJson.Text(t) ?? throw AnswerJson.Unexpected(route, $"a type of field {name} that is not text", body)));
                break;
            default:
                field.Types.Add(AnswerJson.Text(types) ?? throw AnswerJson.Unexpected(route, $"a type of field {name} that is not text", body));
                break;
        }

        return field;
    }
}
