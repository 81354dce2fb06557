using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary>
/// <c>{data: [...], ttl_seconds? (or ttl), batch_uuid?, batch_completed? (default true)}</c>. The records stay byte
/// ranges of the body (<see cref="UploadedRecords"/> reads them one at a time), so a large upload never becomes one
/// large document.
/// </summary>
internal sealed record UploadDataRequest(IReadOnlyList<ReadOnlyMemory<byte>> Data, long? TtlSeconds, Guid? BatchUuid, bool BatchCompleted)
{
    public static UploadDataRequest Parse(RequestJson body)
    {
        var validator = new BodyValidator();
        var split = body.SplitArray("data", RequestLimits.MaxItemsPerRequest);
        if (split is null)
        {
            validator.Fail(BodyValidator.Body, "value is not a valid dict", "type_error.dict");
            validator.ThrowIfInvalid();
        }
        var envelope = split!.Envelope;

        validator.RequiredArray(envelope, "data", BodyValidator.Body);
        // Guide 001 names the upload's TTL ttl_seconds, guide 000 ttl: either is accepted, both only when they agree.
        var ttl = validator.OptionalInteger(envelope, "ttl_seconds", BodyValidator.Body);
        var ttlAlias = validator.OptionalInteger(envelope, "ttl", BodyValidator.Body);
        var batchUuid = validator.OptionalUuid(envelope, "batch_uuid", BodyValidator.Body);
        var completed = validator.OptionalBoolean(envelope, "batch_completed", BodyValidator.Body);
        validator.ThrowIfInvalid();

        RequestLimits.CheckItemCount(split.Count, "records");
        if (ttl is not null && ttlAlias is not null && ttl != ttlAlias)
        {
            throw Http.ApiProblem.BadRequest("ttl_seconds and ttl differ; give one of them");
        }

        RequestLimits.CheckTtl(ttl ?? ttlAlias, ttl is null && ttlAlias is not null ? "ttl" : "ttl_seconds");
        ttl ??= ttlAlias;
        return new UploadDataRequest(split.Elements, ttl, batchUuid, completed ?? true);
    }
}
