using System.Collections.Specialized;
using System.Net;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Records;

namespace OptiX.DataConnections.OptiX.Answers;

/// <summary>
/// Reads <c>POST .../external-content/emarsys</c>: our decision is <c>{"content": {field: "text"}}</c>, the record
/// flattened to strings as Emarsys external content expects. Tolerated: the content under <c>data</c>
/// (<c>{"data": {"content": {...}}}</c> or <c>{"data": {...}}</c>), values that are numbers or booleans (kept as their
/// text). A missing record is 404 or <c>content: null</c>; an empty object or anything else is unexpected.
/// </summary>
public static class EmarsysAnswer
{
    public static OrderedDictionary Read(ServiceResponse response, string route, object primaryKey)
    {
        var body = AnswerJson.Object(response, route, "external content");
        var content = body["content"] ?? body["data"] switch
        {
            JObject data => data["content"] ?? data,
            var other => other,
        };
        switch (content)
        {
            case { Type: JTokenType.Null }:
                throw new ServiceException(ServiceErrorKind.NotFound, $"{route}: there is no record with key '{PlainJson.Text(primaryKey)}'.", route, HttpStatusCode.NotFound);
            case JObject { Count: > 0 } fields:
                var result = new OrderedDictionary(fields.Count);
                foreach (var field in fields.Properties())
                {
                    result[field.Name] = field.Value.Type == JTokenType.Null
                        ? string.Empty
                        : AnswerJson.Text(field.Value) ?? throw AnswerJson.Unexpected(route, $"content field {field.Name} is not a flat value", body);
                }

                return result;
            default:
                throw AnswerJson.Unexpected(route, "expected the content as a non-empty object under content", body);
        }
    }
}
