using System.Net;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Records;

namespace OptiX.DataConnections.OptiX.Answers;

/// <summary>
/// Reads records from <c>query</c> and <c>api_batch_query</c> answers, whose shapes the guides do not show. We answer
/// <c>{"data": {record}}</c> and 404 for a missing key; a service may also answer the bare record, or
/// <c>{"data": null}</c> for a missing key. Where the connection's primary-key field is known (an upload-based
/// connection, whose every record holds it), a record must hold that key with the value asked for: this is what makes
/// "bare" and "wrapped" unambiguous, and what keeps <c>Update-DCRecord -Merge</c> from writing back a record it misread.
/// </summary>
public static class RecordAnswers
{
    private static readonly string[] EnvelopeFields = ["data", "error", "record", "primary_key", "status", "message"];

    /// <summary>One record; a missing one is a <see cref="ServiceException"/> of kind NotFound.</summary>
    public static JObject One(ServiceResponse response, string route, object primaryKey, string? primaryKeyField)
    {
        var body = AnswerJson.Object(response, route, "a record");
        var (record, notFound) = Read(body, route, primaryKeyField);
        if (notFound)
        {
            throw NotFound(route, primaryKey);
        }

        return Checked(record!, route, primaryKey, primaryKeyField, body);
    }

    /// <summary>The answers of a batch query, one per key asked, in the order asked.</summary>
    public static IReadOnlyList<BatchQueryResult> Batch(ServiceResponse response, string route, IReadOnlyList<object> primaryKeys, string? primaryKeyField)
    {
        var items = AnswerJson.List(response, route, "query results", "results", "queries");
        if (items.Count != primaryKeys.Count)
        {
            throw AnswerJson.Unexpected(route, $"{items.Count} result(s) for {primaryKeys.Count} key(s)", response.Body);
        }

        var results = new BatchQueryResult[primaryKeys.Count];
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < primaryKeys.Count; i++)
        {
            byKey[PlainJson.Text(primaryKeys[i])] = i;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = (JObject)items[i];
            var answeredKey = item["primary_key"] is JValue key && key.Type != JTokenType.Null ? key.ToString() : null;
            var index = i;
            if (answeredKey is not null && answeredKey != PlainJson.Text(primaryKeys[i]))
            {
                if (!byKey.TryGetValue(answeredKey, out index) || results[index] is not null)
                {
                    throw AnswerJson.Unexpected(route, $"result {i + 1} is for a key that was not asked for, or twice", response.Body);
                }
            }

            results[index] = ReadResult(item, route, primaryKeys[index], primaryKeyField);
        }

        return results;
    }

    private static BatchQueryResult ReadResult(JObject item, string route, object primaryKey, string? primaryKeyField)
    {
        var error = ErrorText(item["error"]);
        var (record, _) = Read(item, route, primaryKeyField);
        var result = new BatchQueryResult { PrimaryKey = JToken.FromObject(primaryKey), Error = error };
        if (record is not null)
        {
            result.Data = Checked(record, route, primaryKey, primaryKeyField, item);
        }
        else
        {
            result.IsNotFound = error is null || LooksLikeNotFound(error);
            result.Error ??= "not found";
        }

        return result;
    }

    /// <summary>The record in an answer (wrapped under data or bare), or notFound when the answer says there is none.</summary>
    private static (JObject? Record, bool NotFound) Read(JObject body, string route, string? primaryKeyField)
    {
        var holdsKey = primaryKeyField is not null && body.ContainsKey(primaryKeyField);
        if (body.TryGetValue("data", StringComparison.Ordinal, out var data) && !holdsKey)
        {
            return data switch
            {
                JObject record => (record, false),
                { Type: JTokenType.Null } => (null, true),
                _ => throw AnswerJson.Unexpected(route, "a record under data that is not an object", body),
            };
        }

        if (!holdsKey && body.Properties().All(p => EnvelopeFields.Contains(p.Name)))
        {
            // Only envelope fields and no data: an answer about a record, not a record. (With the key field known,
            // Checked says the record lacks it.)
            if (body.ContainsKey("error"))
            {
                return (null, true);
            }

            if (primaryKeyField is null)
            {
                throw AnswerJson.Unexpected(route, "no record in the answer", body);
            }
        }

        return (body, false);
    }

    private static JObject Checked(JObject record, string route, object primaryKey, string? primaryKeyField, JObject body)
    {
        if (record.Count == 0)
        {
            throw AnswerJson.Unexpected(route, "an empty record", body);
        }

        if (primaryKeyField is null)
        {
            return record;
        }

        if (!record.TryGetValue(primaryKeyField, StringComparison.Ordinal, out var key))
        {
            throw AnswerJson.Unexpected(route, $"a record without its primary key {primaryKeyField}", body);
        }

        if (key.ToString() != PlainJson.Text(primaryKey))
        {
            throw AnswerJson.Unexpected(route, $"a record whose {primaryKeyField} is not the key asked for", body);
        }

        return record;
    }

    private static ServiceException NotFound(string route, object primaryKey) =>
        new(ServiceErrorKind.NotFound, $"{route}: there is no record with key '{PlainJson.Text(primaryKey)}'.", route, HttpStatusCode.NotFound);

    private static string? ErrorText(JToken? error) => error switch
    {
        null or { Type: JTokenType.Null } => null,
        JObject obj => AnswerJson.Text(AnswerJson.First(obj, "message", "detail", "code")) ?? AnswerJson.Describe(obj),
        _ => AnswerJson.Text(error) ?? AnswerJson.Describe(error),
    };

    private static bool LooksLikeNotFound(string error)
    {
        var text = error.Replace("_", " ").Replace("-", " ");
        return text.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("notfound", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("does not exist", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("no record", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("missing", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
