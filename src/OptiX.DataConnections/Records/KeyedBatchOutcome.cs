using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Records;

/// <summary>What became of one batch of keyed items.</summary>
public sealed class KeyedBatchOutcome
{
    /// <summary>Records the service reports as changed.</summary>
    public int Changed { get; internal set; }

    /// <summary>Items whose key does not exist.</summary>
    public List<KeyedItem> NotFound { get; } = [];

    /// <summary>Items missing only on a retried request: most likely the lost first attempt already applied them.</summary>
    public List<KeyedItem> AlreadyGone { get; } = [];

    /// <summary>Items the service refused for their content (422), isolated by splitting the request, with its message.</summary>
    public List<KeyValuePair<KeyedItem, string>> Refused { get; } = [];

    /// <summary>Items whose request failed for good.</summary>
    public List<KeyedItem> Failed { get; } = [];

    public ServiceException? Error { get; internal set; }

    public int Requests { get; internal set; }
}
