using System.Collections.Concurrent;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// What every service cmdlet shares: the optional -Session, cancellation on Ctrl+C, and waiting for the core's
/// tasks on the pipeline thread while reporting retries as they happen.
/// </summary>
public abstract class DCCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ConcurrentQueue<RetryNotice> _retries = new();
    private OptiXSession? _resolved;
    private bool _disposed;

    /// <summary>The session to use instead of the one from Connect-DCService.</summary>
    [Parameter]
    public OptiXSession? Session { get; set; }

    protected CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>The session to use: -Session, else Connect-DCService's, else one from the environment.</summary>
    protected OptiXSession ResolveSession()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var session = Session ?? DCSessionStore.Current;
        if (session is null)
        {
            session = DCSessionStore.FromEnvironment();
            if (session is null)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    "Not connected: run Connect-DCService, or set OPTIX_API_KEY and OPTIX_BRAND_KEY (and OPTIX_BASE_URI for another endpoint).",
                    "NotConnected",
                    ErrorCategory.ConnectionError,
                    null));
            }

            DCSessionStore.Set(session);
        }

        session!.Client.Retrying += OnRetrying;
        return _resolved = session;
    }

    /// <summary>Waits on the pipeline thread, writing retry notices as verbose messages while it waits.</summary>
    protected T Await<T>(Task<T> task)
    {
        Await((Task)task);
        return task.GetAwaiter().GetResult();
    }

    protected void Await(Task task)
    {
        while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(200))
        {
            WriteRetryNotices();
        }

        WriteRetryNotices();
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected T Await<T>(ValueTask<T> task) => task.IsCompleted ? task.Result : Await(task.AsTask());

    protected void WriteRetryNotices()
    {
        while (_retries.TryDequeue(out var notice))
        {
            WriteVerbose(notice.ToString());
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_resolved is not null)
        {
            _resolved.Client.Retrying -= OnRetrying;
        }

        _cancellation.Dispose();
        ReleaseResources();
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes what the cmdlet holds open; runs even after Ctrl+C, when EndProcessing does not.</summary>
    protected virtual void ReleaseResources()
    {
    }

    private void OnRetrying(object? sender, RetryNotice notice) => _retries.Enqueue(notice);
}
