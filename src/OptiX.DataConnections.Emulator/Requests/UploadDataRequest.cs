using System.Text.Json;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Requests;

/// <summary>
/// <c>{data: [...], ttl_seconds?, batch_uuid?, batch_completed? (default true)}</c>. The records stay byte ranges of the
/// body (<see cref="UploadedRecords"/> reads them one at a time), so a large upload never becomes one large document.
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
        var ttl = validator.OptionalInteger(envelope, "ttl_seconds", BodyValidator.Body);
        var batchUuid = validator.OptionalUuid(envelope, "batch_uuid", BodyValidator.Body);
        var completed = validator.OptionalBoolean(envelope, "batch_completed", BodyValidator.Body);
        validator.ThrowIfInvalid();

        RequestLimits.CheckItemCount(split.Count, "records");
        RequestLimits.CheckTtl(ttl, "ttl_seconds");
        return new UploadDataRequest(split.Elements, ttl, batchUuid, completed ?? true);
    }
}
