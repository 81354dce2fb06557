using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// How one request of an upload ended: how many of its records the service acknowledged, and each record it handed
/// back with the reason. Every record a request carried is in exactly one of the two.
/// </summary>
public sealed class RequestOutcome
{
    private readonly List<HandedBackRecord> _handedBack = [];

    internal RequestOutcome(int sequence, int recordCount, bool completesBatch)
    {
        Sequence = sequence;
        RecordCount = recordCount;
        CompletesBatch = completesBatch;
    }

    /// <summary>1 for the first request of the upload, and so on.</summary>
    public int Sequence { get; }

    /// <summary>How many records the request carried (each is acknowledged or in <see cref="HandedBack"/>).</summary>
    public int RecordCount { get; }

    /// <summary>Whether this was the request meant to complete the batch (vendors with batches).</summary>
    public bool CompletesBatch { get; }

    /// <summary>Records the service acknowledged.</summary>
    public int Acknowledged { get; internal set; }

    /// <summary>Records an earlier run had stored: the service answered that the batch was already completed.</summary>
    public int AlreadyStored { get; internal set; }

    public IReadOnlyList<HandedBackRecord> HandedBack => _handedBack;

    /// <summary>HTTP requests it took (more than one when it was split to isolate refused records, or for a 413).</summary>
    public int Requests { get; internal set; }

    /// <summary>Attempts of the last HTTP request (retries included).</summary>
    public int Attempts { get; internal set; }

    /// <summary>True when the service completed the batch with this request (or had completed it before).</summary>
    public bool BatchCompleted { get; internal set; }

    /// <summary>The first failure of the request, for messages.</summary>
    public Exception? Error { get; internal set; }

    /// <summary>True when every record was acknowledged.</summary>
    public bool Succeeded => _handedBack.Count == 0;

    /// <summary>True when no record was handed back for a reason other than its own content.</summary>
    public bool Settled => _handedBack.TrueForAll(h => h.IsRefusal);

    /// <summary>The failure that stops every later request too, if this request met one.</summary>
    internal ServiceException? Fatal { get; set; }

    internal void HandBack(HandedBackRecord record) => _handedBack.Add(record);

    internal void HandBack(IEnumerable<object> sources, RefusalReason reason, string message, Exception? error)
    {
        foreach (var source in sources)
        {
            _handedBack.Add(new HandedBackRecord(source, reason, message, error));
        }

        Error ??= error;
    }
}
