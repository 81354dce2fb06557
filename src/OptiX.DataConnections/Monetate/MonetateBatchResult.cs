using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Monetate;

/// <summary>One post of rows, with the records it came from, so that a failure can hand every record back.</summary>
public sealed class MonetateBatchResult
{
    internal MonetateBatchResult(int sequence, IReadOnlyList<object> records)
    {
        Sequence = sequence;
        Records = records;
    }

    public int Sequence { get; }

    /// <summary>The input objects (piped objects or file records) in the order they were sent.</summary>
    public IReadOnlyList<object> Records { get; }

    /// <summary>Why the rows were not stored; null when they were.</summary>
    public ServiceException? Error { get; internal set; }

    public int Attempts { get; internal set; }

    public bool Succeeded => Error is null;
}
