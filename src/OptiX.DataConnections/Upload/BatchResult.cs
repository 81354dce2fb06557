using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Upload;

/// <summary>How one request of an upload ended: acknowledged, or failed with the records it carried.</summary>
public sealed class BatchResult
{
    internal BatchResult(int sequence, IReadOnlyList<object> records, bool completesBatch, int attempts, ServiceException? error)
    {
        Sequence = sequence;
        Records = records;
        CompletesBatch = completesBatch;
        Attempts = attempts;
        Error = error;
    }

    /// <summary>1 for the first request of the invocation, and so on.</summary>
    public int Sequence { get; }

    /// <summary>The input objects the request carried, as they were given.</summary>
    public IReadOnlyList<object> Records { get; }

    public bool CompletesBatch { get; }

    public int Attempts { get; }

    public ServiceException? Error { get; }

    public bool Succeeded => Error is null;
}
