namespace OptiX.DataConnections.Records;

/// <summary>What <c>Update-DCRecord</c> or <c>Remove-DCRecord</c> did: the object -PassThru returns.</summary>
public sealed class ChangeSummary
{
    public Guid ConnectionId { get; set; }

    /// <summary>Update or Delete.</summary>
    public string Operation { get; set; } = string.Empty;

    public long Requested { get; set; }

    /// <summary>Records the service reports as updated or deleted.</summary>
    public long Changed { get; set; }

    public long NotFound { get; set; }

    /// <summary>Deletes whose keys were gone on a retry after a lost answer: most likely deleted by the first attempt.</summary>
    public long AlreadyGone { get; set; }

    public long Rejected { get; set; }

    public long Failed { get; set; }

    public int Requests { get; set; }

    public bool WhatIf { get; set; }

    public TimeSpan Elapsed { get; set; }

    public void Add(KeyedBatchOutcome outcome)
    {
        Changed += outcome.Changed;
        NotFound += outcome.NotFound.Count;
        AlreadyGone += outcome.AlreadyGone.Count;
        Failed += outcome.Failed.Count;
        Rejected += outcome.Refused.Count;
        Requests += outcome.Requests;
    }
}
