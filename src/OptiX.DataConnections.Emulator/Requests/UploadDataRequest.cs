using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary><c>{data: [...], ttl_seconds? (or ttl), batch_uuid?, batch_completed? (default true)}</c>.</summary>
internal sealed record UploadDataRequest(JsonElement Data, long? TtlSeconds, Guid? BatchUuid, bool BatchCompleted)
{
    public static UploadDataRequest Parse(JsonElement body)
    {
        var validator = new BodyValidator();
        validator.ExpectObject(body, BodyValidator.Body);
        validator.ThrowIfInvalid();

        var data = validator.RequiredArray(body, "data", BodyValidator.Body);
        // Guide 001 names the upload's TTL ttl_seconds, guide 000 ttl: either is accepted, both only when they agree.
        var ttl = validator.OptionalInteger(body, "ttl_seconds", BodyValidator.Body);
        var ttlAlias = validator.OptionalInteger(body, "ttl", BodyValidator.Body);
        var batchUuid = validator.OptionalUuid(body, "batch_uuid", BodyValidator.Body);
        var completed = validator.OptionalBoolean(body, "batch_completed", BodyValidator.Body);
        validator.ThrowIfInvalid();

        RequestLimits.CheckItemCount(data!.Value.GetArrayLength(), "records");
        if (ttl is not null && ttlAlias is not null && ttl != ttlAlias)
        {
            throw Http.ApiProblem.BadRequest("ttl_seconds and ttl differ; give one of them");
        }

        RequestLimits.CheckTtl(ttl ?? ttlAlias, ttl is null && ttlAlias is not null ? "ttl" : "ttl_seconds");
        ttl ??= ttlAlias;
        return new UploadDataRequest(data.Value, ttl, batchUuid, completed ?? true);
    }
}
