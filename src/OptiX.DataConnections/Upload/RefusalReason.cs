namespace OptiX.DataConnections.Upload;

/// <summary>
/// Why a record was handed back instead of being stored. The PowerShell layer maps each to a stable error id, so no id
/// is ever chosen from a message's text.
/// </summary>
public enum RefusalReason
{
    /// <summary>The record has no primary-key field (Opti-X).</summary>
    MissingPrimaryKey,

    /// <summary>The primary key's value cannot be a key (empty, an object...).</summary>
    InvalidPrimaryKey,

    /// <summary>The record cannot be read or written as JSON.</summary>
    InvalidRecord,

    /// <summary>The record does not fit the dataset's schema (Monetate).</summary>
    DoesNotFitSchema,

    /// <summary>The record alone is larger than the byte budget of a request, or the service answered 413 for it alone.</summary>
    TooLarge,

    /// <summary>The service refused the record's content (400 or 422), the record isolated by splitting the request.</summary>
    RefusedByService,

    /// <summary>An update or delete named a key that does not exist.</summary>
    RecordNotFound,

    /// <summary>Its request failed for good (after retries) for a reason not about the record.</summary>
    RequestFailed,

    /// <summary>The service was unreachable: its request spent the retry budget without an answer, or was not sent after one did.</summary>
    ServiceUnreachable,

    /// <summary>Not sent: an earlier request met an error that every request would meet (credentials, connection gone).</summary>
    NotSent,

    /// <summary>The command was stopped before the record was known to be stored.</summary>
    Stopped,

    /// <summary>The batch named to add to was already completed; a completed batch takes no more records.</summary>
    BatchAlreadyCompleted,

    /// <summary>The service acknowledged another number of records than its request carried; which ones is not known.</summary>
    NotAcknowledged,
}

/// <summary>A record that was not stored, with why.</summary>
public sealed class HandedBackRecord
{
    public HandedBackRecord(object? source, RefusalReason reason, string message, Exception? error = null)
    {
        Source = source;
        Reason = reason;
        Message = message;
        Error = error;
    }

    /// <summary>The input object as it was given (a piped object or a file record).</summary>
    public object? Source { get; }

    public RefusalReason Reason { get; }

    /// <summary>What happened, in words (the service's message where it gave one); it names no cmdlet.</summary>
    public string Message { get; }

    /// <summary>The failure behind it, when there was one (usually a <see cref="Http.ServiceException"/>).</summary>
    public Exception? Error { get; }

    /// <summary>The same refusal carrying <paramref name="source"/> (the input object, where the engine kept its place only).</summary>
    public HandedBackRecord WithSource(object source) => new(source, Reason, Message, Error);

    /// <summary>True when the record itself is at fault: sending it again unchanged fails again.</summary>
    public bool IsRefusal => Reason is RefusalReason.MissingPrimaryKey or RefusalReason.InvalidPrimaryKey or RefusalReason.InvalidRecord
        or RefusalReason.DoesNotFitSchema or RefusalReason.TooLarge or RefusalReason.RefusedByService or RefusalReason.RecordNotFound;
}
