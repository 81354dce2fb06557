using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// What <see cref="UploadEngine"/> needs to know of one vendor: whether a record fits, how a request body frames the
/// records, how a request is sent and what the service acknowledged, and whether the vendor has batches.
/// </summary>
public interface IUploadAdapter
{
    /// <summary>The request's route, for messages (for example <c>POST /connections/{id}/upload_data</c>).</summary>
    string Route { get; }

    /// <summary>
    /// True when requests share a batch that a last request completes (Opti-X): that request goes last, only after every
    /// other succeeded, and nothing is visible before it lands.
    /// </summary>
    bool HasBatches { get; }

    /// <summary>Checks a record and gives the fields to send, or why it cannot be sent.</summary>
    RecordCheck Check(IReadOnlyList<KeyValuePair<string, object?>> fields);

    /// <summary>
    /// The fields every record must hold (Opti-X: the primary key), not found among <paramref name="names"/>, each with
    /// why it is needed; empty when a record with these field names can be sent. A file whose records all lack one
    /// is refused whole, before anything is sent (see <see cref="FileFieldCheck"/>).
    /// </summary>
    IReadOnlyList<string> MissingFields(IReadOnlyCollection<string> names);

    /// <summary>The body's text before the records' array elements, for example <c>{"data":[</c>.</summary>
    string BodyPrefix { get; }

    /// <summary>The body's text after the records, closing the array and the object.</summary>
    string BodySuffix(bool completesBatch);

    /// <summary>Sends one body; returns how many records the service acknowledged, or null when its answer does not say.</summary>
    Task<int?> SendAsync(RequestBody body, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the error, beyond the usual ones (401, 403, 404, 409), makes every later request fail too, so that
    /// nothing more is sent.
    /// </summary>
    bool StopsTheUpload(ServiceException error);

    /// <summary>Whether the error says the batch is already completed (Opti-X: 409 on a batch that was completed).</summary>
    bool IsBatchCompleted(ServiceException error);
}

/// <summary>The adapter's verdict on one record: the fields to send (and the key that orders it), or a refusal.</summary>
public sealed class RecordCheck
{
    private RecordCheck(IReadOnlyList<KeyValuePair<string, object?>>? fields, string? key, RefusalReason reason, string? problem)
    {
        Fields = fields;
        Key = key;
        Reason = reason;
        Problem = problem;
    }

    public IReadOnlyList<KeyValuePair<string, object?>>? Fields { get; }

    /// <summary>
    /// The record's key when the last record for a key must win: a request then waits for the requests in flight that
    /// hold one of its keys. Null when order does not matter.
    /// </summary>
    public string? Key { get; }

    public RefusalReason Reason { get; }

    /// <summary>Why the record cannot be sent; null when it can.</summary>
    public string? Problem { get; }

    public static RecordCheck Accept(IReadOnlyList<KeyValuePair<string, object?>> fields, string? key) => new(fields, key, default, null);

    public static RecordCheck Refuse(RefusalReason reason, string problem) => new(null, null, reason, problem);
}
