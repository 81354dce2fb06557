using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Monetate;

/// <summary>What Send-MonetateData did.</summary>
public sealed class MonetateUploadSummary
{
    internal MonetateUploadSummary(string schema) => Schema = schema;

    public string Schema { get; }

    /// <summary>Rows the Data API acknowledged.</summary>
    public long RowsSent { get; internal set; }

    /// <summary>Records refused for their content: not fitting the schema before sending, or refused by the Data API.</summary>
    public long RowsRejected { get; internal set; }

    /// <summary>Rows in posts that failed for good.</summary>
    public long RowsFailed { get; internal set; }

    public int Requests { get; internal set; }

    public TimeSpan Elapsed { get; internal set; }

    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsSent / Elapsed.TotalSeconds : 0;

    /// <summary>-WhatIf: nothing was sent; RowsSent counts what would have been.</summary>
    public bool WhatIf { get; internal set; }

    public static MonetateUploadSummary Of(UploadEngine upload)
    {
        var totals = upload.Totals;
        return new MonetateUploadSummary(((MonetateUploadAdapter)upload.Adapter).Schema.Name)
        {
            RowsSent = totals.RecordsSent,
            RowsRejected = totals.RecordsRejected,
            RowsFailed = totals.RecordsFailed,
            Requests = totals.Requests,
            WhatIf = upload.DryRun,
            Elapsed = totals.Elapsed == TimeSpan.Zero ? upload.Elapsed : totals.Elapsed,
        };
    }

    public override string ToString() => $"{Schema}: {RowsSent:N0} sent, {RowsRejected:N0} rejected, {RowsFailed:N0} failed";
}
