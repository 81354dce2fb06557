using System.Runtime;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Json;

/// <summary>
/// The memory that request bodies may hold at once. Reading a body of N bytes first reserves
/// <see cref="BytesPerBodyByte"/> x N (the bytes, plus the records' text made from them); a request that does not fit
/// waits for others to finish, up to <see cref="MaxWait"/>, and is then answered 503 with <c>Retry-After</c>, so any
/// number of concurrent large bodies costs at most the capacity. When the last reservation after a burst that held
/// 256 MiB or more at once is released, a full garbage collection gives the memory back to the system.
/// </summary>
internal sealed class BodyBudget
{
    /// <summary>The body's bytes, and the UTF-16 text of the records made from them.</summary>
    public const int BytesPerBodyByte = 3;

    public const int RetryAfterSeconds = 2;

    /// <summary>A burst that held this much at once ends with a full collection (ordinary traffic never does).</summary>
    private const long CollectAfterPeakBytes = 256L * 1024 * 1024;

    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private long _reserved;
    private long _peakSinceCollection;

    public BodyBudget(long capacityBytes, TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 1);
        Capacity = capacityBytes;
        MaxWait = maxWait;
    }

    public long Capacity { get; }

    public TimeSpan MaxWait { get; }

    /// <summary>Reserved now (for tests and diagnostics).</summary>
    public long Reserved
    {
        get
        {
            lock (_gate)
            {
                return _reserved;
            }
        }
    }

    /// <summary>Full collections made after bursts (for tests).</summary>
    public int Collections { get; private set; }

    /// <summary>
    /// Reserves the cost of <paramref name="bodyBytes"/> more bytes of body. Waits in turn (first come, first served)
    /// while others hold the budget; a 503 when that takes longer than <see cref="MaxWait"/>. A single request larger
    /// than the whole capacity is given the whole capacity once nothing else holds any.
    /// </summary>
    public async Task<Lease> ReserveAsync(long bodyBytes, CancellationToken cancellationToken)
    {
        var bytes = Math.Min(Capacity, Math.Max(0, bodyBytes) * BytesPerBodyByte);
        Waiter waiter;
        lock (_gate)
        {
            if (_waiters.Count == 0 && _reserved + bytes <= Capacity)
            {
                Take(bytes);
                return new Lease(this, bytes);
            }
            waiter = new Waiter(bytes);
            waiter.Node = _waiters.AddLast(waiter);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MaxWait);
        try
        {
            await waiter.Granted.Task.WaitAsync(timeout.Token);
            return new Lease(this, bytes);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (waiter.Granted.Task.IsCompletedSuccessfully)
                {
                    // Granted just as the wait ended: hand it back.
                    Release(bytes);
                }
                else
                {
                    _waiters.Remove(waiter.Node!);
                    GrantWaiters();
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, new DetailBody(
                $"The emulator is busy reading other large request bodies (at most {Capacity / (1024 * 1024)} MiB of body memory at once); "
                + $"retry after {RetryAfterSeconds} s"))
            { RetryAfterSeconds = RetryAfterSeconds };
        }
    }

    private void Take(long bytes)
    {
        _reserved += bytes;
        _peakSinceCollection = Math.Max(_peakSinceCollection, _reserved);
    }

    private void Release(long bytes)
    {
        bool collect;
        lock (_gate)
        {
            _reserved -= bytes;
            GrantWaiters();
            collect = _reserved == 0 && _peakSinceCollection >= CollectAfterPeakBytes;
            if (collect)
            {
                _peakSinceCollection = 0;
                Collections++;
            }
        }
        if (collect)
        {
            // After a burst: give the large buffers' memory back rather than keep the peak for the next one.
            ThreadPool.UnsafeQueueUserWorkItem(
                static _ =>
                {
                    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                },
                null);
        }
    }

    // Under the lock: first come, first served; a large request at the head is not overtaken by small ones.
    private void GrantWaiters()
    {
        while (_waiters.First is { } first && _reserved + first.Value.Bytes <= Capacity)
        {
            _waiters.RemoveFirst();
            Take(first.Value.Bytes);
            first.Value.Granted.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }

    /// <summary>Held while the body is in use; disposing gives its bytes back.</summary>
    public sealed class Lease(BodyBudget budget, long bytes) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                budget.Release(bytes);
            }
        }
    }
}
