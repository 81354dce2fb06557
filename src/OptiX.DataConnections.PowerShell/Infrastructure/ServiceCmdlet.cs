using System.Collections.Concurrent;
using System.Management.Automation;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// What every cmdlet that calls a service shares, whichever the vendor: cancellation on Ctrl+C, and waiting for the
/// core's tasks on the pipeline thread while reporting retries as they happen.
/// </summary>
public abstract class ServiceCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ConcurrentQueue<RetryNotice> _retries = new();
    private bool _disposed;

    protected CancellationToken CancellationToken => _cancellation.Token;

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

    /// <summary>Queues a retry notice from any thread; it is written on the pipeline thread.</summary>
    protected void OnRetrying(object? sender, RetryNotice notice) => _retries.Enqueue(notice);

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>-Force skips the prompt, as Remove-Item does; -WhatIf still wins, and an explicit -Confirm still asks.</summary>
    protected bool ShouldDelete(string target, bool force)
    {
        var confirmGiven = MyInvocation.BoundParameters.ContainsKey("Confirm");
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
            : (GetVariableValue("WhatIfPreference") is { } p && LanguagePrimitives.IsTrue(p));
        if (force && !confirmGiven && !whatIf)
        {
            return true;
        }

        return ShouldProcess(target, "Delete");
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // Resources first: releasing them may still ask whether the command was stopped.
        ReleaseResources();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes what the cmdlet holds open; runs even after Ctrl+C, when EndProcessing does not.</summary>
    protected virtual void ReleaseResources()
    {
    }
}
