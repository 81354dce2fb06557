using System.Collections.Specialized;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Records;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// The one place that decides what the Data API's answers may look like: the spec's shape first, then the plausible
/// alternatives; anything else is an <see cref="ServiceErrorKind.UnexpectedAnswer"/> that names the route (by the
/// shared rules of <see cref="AnswerJson"/>), never an empty record or an empty list.
/// </summary>
internal static class MonetateAnswers
{
    /// <summary>
    /// The rows of a spot check (<c>GET /data/{schema}/?id=</c>). The spec: <c>{"data": {"schema_rows": [{...}]}}</c>;
    /// also read: <c>data</c> as a list of rows, or as the row itself. No row (an empty list, <c>data</c> null or empty)
    /// is <see cref="ServiceErrorKind.NotFound"/>.
    /// </summary>
    public static IReadOnlyList<OrderedDictionary> Records(ServiceResponse response, string route, string id)
    {
        if (response.Body is not JObject envelope || !envelope.TryGetValue("data", out var data))
        {
            throw NotUnderstood(route, response, "has no 'data'");
        }

        var rows = data switch
        {
            JObject { Count: 0 } => [],
            JObject wrapper when wrapper.TryGetValue("schema_rows", out var list) => list as JArray
                ?? (list.Type == JTokenType.Null ? [] : throw NotUnderstood(route, response, "has 'data.schema_rows' that is not a list")),
            JObject row => new JArray(row),
            JArray list => list,
            { Type: JTokenType.Null } => [],
            _ => throw NotUnderstood(route, response, $"has 'data' of type {data.Type}"),
        };

        var records = new List<OrderedDictionary>(rows.Count);
        foreach (var row in rows)
        {
            records.Add(row is JObject { Count: > 0 } fields
                ? PlainJson.Object(fields)
                : throw NotUnderstood(route, response, "holds a row that is not an object with fields"));
        }

        return records.Count > 0
            ? records
            : throw new ServiceException(ServiceErrorKind.NotFound, $"The Data API answered no record for id '{id}'.", route, response.StatusCode);
    }

    /// <summary>A schema answer: <c>{"data": {schema}}</c>.</summary>
    public static MonetateSchema Schema(ServiceResponse response, string route) =>
        (response.Body as JObject)?["data"] is JObject json && MonetateSchema.FromJson(json) is { } schema
            ? schema
            : throw NotUnderstood(route, response, "holds no schema it can read (a name, and fields with true/false flags)");

    /// <summary>
    /// One page of the schema list: the spec's <c>{"meta": {"next": url|null, ...}, "data": [schemas]}</c>; also read:
    /// <c>data</c> as <c>{"results": [...], "next": ...}</c> (the same list one level down).
    /// </summary>
    public static (IReadOnlyList<MonetateSchema> Schemas, string? Next) SchemaPage(ServiceResponse response, string route)
    {
        var envelope = response.Body as JObject ?? throw NotUnderstood(route, response, "is not a JSON object");
        var data = envelope["data"];
        var next = envelope["meta"]?["next"];
        if (data is JObject paged && paged["results"] is JArray results)
        {
            data = results;
            next = paged["next"] ?? next;
        }

        if (data is not JArray list)
        {
            throw NotUnderstood(route, response, "has no list of schemas in 'data'");
        }

        var schemas = new List<MonetateSchema>(list.Count);
        foreach (var item in list)
        {
            schemas.Add(item is JObject json && MonetateSchema.FromJson(json) is { } schema
                ? schema
                : throw NotUnderstood(route, response, "lists an entry that is not a schema it can read (a name, and fields with true/false flags)"));
        }

        return next switch
        {
            null or { Type: JTokenType.Null } => (schemas, null),
            JValue { Type: JTokenType.String } text when ((string?)text)!.Length == 0 => (schemas, null),
            JValue { Type: JTokenType.String } text => (schemas, (string?)text),
            _ => throw NotUnderstood(route, response, "has a 'meta.next' that is not a link"),
        };
    }

    /// <summary>
    /// The PATCH answer. The spec: only what changed (<c>fields</c> or <c>named_identifier</c>); a whole schema is also
    /// read when it looks like one (a name, fields, and a type or an id). Null otherwise: the caller reads the schema
    /// again, rather than take the changed part for the whole.
    /// </summary>
    public static MonetateSchema? PatchedSchema(ServiceResponse response) =>
        (response.Body as JObject)?["data"] is JObject json && json["fields"] is JObject && json["name"] is not null
            && (json["type"] is not null || json["id"] is not null)
            ? MonetateSchema.FromJson(json)
            : null;

    public static ServiceException NotUnderstood(string route, ServiceResponse response, string what) =>
        AnswerJson.Unexpected(route, $"the answer {what}", response.Body);
}
