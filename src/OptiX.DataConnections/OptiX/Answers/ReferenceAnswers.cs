using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;

namespace OptiX.DataConnections.OptiX.Answers;

/// <summary>Reads <c>/references</c> answers (our decision: a bare list of <c>{reference_uuid, reference_type, reference_id, created_at}</c>).</summary>
public static class ReferenceAnswers
{
    private static readonly string[] IdNames = ["reference_uuid", "uuid", "id"];

    public static List<Reference> List(ServiceResponse response, string route, Guid connectionId) =>
        AnswerJson.List(response, route, "references", "references")
            .Cast<JObject>()
            .Select(item => Read(item, route, connectionId))
            .ToList();

    /// <summary>The id a POST answered with, bare or under data; null when the answer holds none (a 204, say).</summary>
    public static Guid? CreatedId(ServiceResponse response) => response.Body switch
    {
        JObject body => AnswerJson.Uuid(AnswerJson.First(body, IdNames))
            ?? (body["data"] is JObject inner ? AnswerJson.Uuid(AnswerJson.First(inner, IdNames)) : null),
        _ => null,
    };

    private static Reference Read(JObject json, string route, Guid connectionId) => new()
    {
        ConnectionId = connectionId,
        ReferenceUuid = AnswerJson.Uuid(AnswerJson.First(json, IdNames))
            ?? throw AnswerJson.Unexpected(route, "a reference without a reference_uuid that is a UUID", json),
        Channel = AnswerJson.Text(AnswerJson.First(json, "reference_type", "type", "channel"))
            ?? throw AnswerJson.Unexpected(route, "a reference without its reference_type", json),
        ResourceId = AnswerJson.Text(AnswerJson.First(json, "reference_id", "resource_id"))
            ?? throw AnswerJson.Unexpected(route, "a reference without its reference_id", json),
        CreatedAt = AnswerJson.Timestamp(AnswerJson.First(json, "created_at", "createdAt", "created")),
    };
}
