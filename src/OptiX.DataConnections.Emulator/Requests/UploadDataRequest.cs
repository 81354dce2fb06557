using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary><c>{data: [...], ttl_seconds?, batch_uuid?, batch_completed? (default true)}</c>.</summary>
internal sealed record UploadDataRequest(JsonElement Data, long? TtlSeconds, Guid? BatchUuid, bool BatchCompleted)
{
    public static UploadDataRequest Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var data = validator.RequiredArray(body, "data", BodyValidator.Body);
        var ttl = validator.OptionalInteger(body, "ttl_seconds", BodyValidator.Body);
        var batchUuid = validator.OptionalUuid(body, "batch_uuid", BodyValidator.Body);
        var completed = validator.OptionalBoolean(body, "batch_completed", BodyValidator.Body);
        validator.ThrowIfInvalid();

        RequestLimits.CheckItemCount(data!.Value.GetArrayLength(), "records");
        RequestLimits.CheckTtl(ttl, "ttl_seconds");
        return new UploadDataRequest(data.Value, ttl, batchUuid, completed ?? true);
    }
}
