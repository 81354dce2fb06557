using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;

namespace OptiX.DataConnections.OptiX.Answers;

/// <summary>
/// Reads the answers of the routes that change records. Their success is the status (200, 201 or 204); a count, when
/// the answer has one (bare or under data), is read as a number or its text, and is null when there is none: an
/// answer without a count is not a count of zero.
/// </summary>
public static class ChangeAnswers
{
    public static UploadResponse Upload(ServiceResponse response)
    {
        var body = Payload(response, "uploaded_records");
        return new UploadResponse
        {
            Status = body is null ? null : AnswerJson.Text(body["status"]),
            BatchId = body is null ? null : AnswerJson.Uuid(AnswerJson.First(body, "batch_uuid", "batch_id")),
            UploadedRecords = Count(body, "uploaded_records", "records_uploaded", "uploaded", "count", "records"),
            BatchCompleted = body is null ? null : AnswerJson.Boolean(AnswerJson.First(body, "batch_completed", "completed")),
        };
    }

    public static int? Updated(ServiceResponse response) =>
        Count(Payload(response, "updated_records"), "updated_records", "records_updated", "updated", "count");

    public static int? Deleted(ServiceResponse response) =>
        Count(Payload(response, "deleted_records"), "deleted_records", "records_deleted", "deleted", "count");

    private static JObject? Payload(ServiceResponse response, string countName) => response.Body switch
    {
        JObject body when body[countName] is null && body["data"] is JObject inner => inner,
        JObject body => body,
        _ => null,
    };

    private static int? Count(JObject? body, params string[] names) =>
        body is not null && AnswerJson.Integer(AnswerJson.First(body, names)) is { } count and >= 0 and <= int.MaxValue ? (int)count : null;
}
