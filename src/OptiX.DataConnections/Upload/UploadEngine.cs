using System.Diagnostics;
using System.Net;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// The one upload engine, for every vendor (see <see cref="IUploadAdapter"/>): records in, requests out. Records are
/// checked and serialized as they arrive into requests closed at the record limit or the byte budget; up to
/// <see cref="UploadEngineOptions.ThrottleLimit"/> requests are in flight (the caller waits when that many are); where
/// the vendor has batches, the completing request goes last, only after every other one succeeded. Every record is
/// either acknowledged by the service or handed back with a <see cref="RefusalReason"/>, exactly once, whatever
/// exception a request meets. A request refused whole for its content (400/422) or for its size (413) is split in
/// halves and re-sent until the refused records stand alone; after one request spent its budget without any answer,
/// the rest fail at once. Not thread-safe: one caller thread adds records and collects results.
/// </summary>
public sealed class UploadEngine : IDisposable
{
    private readonly IUploadAdapter _adapter;
    private readonly UploadEngineOptions _options;
    private readonly CancellationToken _stop;
    private readonly CancellationTokenSource _failFast = new();
    private readonly CancellationTokenSource _linked;
    private readonly List<Task<RequestOutcome>> _inFlight = [];
    private readonly Dictionary<Task<RequestOutcome>, Pending> _inFlightRequests = [];
    private readonly Stack<byte[]> _spareBuffers = new();
    private readonly object _poolLock = new();
    private readonly Queue<RequestOutcome> _finished = new();
    private readonly List<SentRange> _sent = [];
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly object _anchorLock = new();
    private readonly int _framingBytes;
    private byte[]? _anchor;
    private Pending? _current;
    private int _sequence;
    private int _acknowledgedIndex;
    private long _offered;
    private bool _anyFailed;
    private bool _completed;
    private bool _abandoned;
    private ServiceException? _unreachable;

    public UploadEngine(IUploadAdapter adapter, UploadEngineOptions options, CancellationToken cancellationToken)
    {
        _adapter = adapter;
        _options = options;
        _stop = cancellationToken;
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failFast.Token);
        _offered = AcknowledgedInput = options.InputOffset;
        _framingBytes = EncodedRecords.ByteCount(adapter.BodyPrefix)
            + Math.Max(EncodedRecords.ByteCount(adapter.BodySuffix(true)), EncodedRecords.ByteCount(adapter.BodySuffix(false)));
        if (options.CompletedEarlier)
        {
            Totals.BatchCompleted = Totals.CompletedByPreviousRun = true;
        }
    }

    /// <summary>The vendor's side of the upload.</summary>
    public IUploadAdapter Adapter => _adapter;

    /// <summary>Running totals; final after <see cref="CompleteAsync"/>.</summary>
    public UploadTotals Totals { get; } = new();

    public TimeSpan Elapsed => _stopwatch.Elapsed;

    /// <summary>True once <see cref="CompleteAsync"/> ended.</summary>
    public bool Completed => _completed;

    /// <summary>True when nothing is sent: records are checked and counted only.</summary>
    public bool DryRun => _options.DryRun;

    /// <summary>
    /// How many input records, counted from the start of the input, are settled: acknowledged by the service or
    /// refused for their content. A resumed run skips this many (see <see cref="UploadEngineOptions.InputOffset"/>).
    /// </summary>
    public long AcknowledgedInput { get; private set; }

    /// <summary>A failure that makes every later request fail too (wrong keys, target gone, unreachable): nothing more is sent.</summary>
    public ServiceException? FatalError { get; private set; }

    /// <summary>True when the service was unreachable (see <see cref="FatalError"/>).</summary>
    public bool Unreachable => Volatile.Read(ref _unreachable) is not null;

    /// <summary>Why the batch was, or will be, left open; null when it completes.</summary>
    public string? HoldReason { get; private set; }

    /// <summary>Keeps the batch open at the end whatever happens (for example, a file could not be read to its end).</summary>
    public void HoldCompletion(string reason) => HoldReason ??= reason;

    /// <summary>
    /// Adds one record. Returns null when it was taken (sent later, or already stored by a previous run), else the
    /// record handed back with why (not sent). Waits while <see cref="UploadEngineOptions.ThrottleLimit"/> requests are in flight.
    /// </summary>
    /// <param name="source">
    /// What a record handed back carries: the input object, or null when the fields are the whole record (a
    /// <see cref="RestoredRecord"/> is handed back then). Nothing is kept of a file record or a null source but its place.
    /// </param>
    public async ValueTask<HandedBackRecord?> AddAsync(object? source, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The upload is already completed.");
        }

        _offered++;

        if (FatalError is not null && NotSendable(Given(source, fields)) is { } refused)
        {
            return refused;
        }

        if (Totals.CompletedByPreviousRun)
        {
            Totals.RecordsAlreadyStored++;
            AcknowledgedInput = _offered;
            return null;
        }

        var check = _adapter.Check(fields);
        if (check.Problem is not null)
        {
            return Reject(Given(source, fields), check.Reason, check.Problem);
        }

        if (_current is not null && _current.Records.Count >= _options.BatchSize)
        {
            // The full request is not the last one: a record follows it.
            await SubmitAsync(completesBatch: false).ConfigureAwait(false);
        }

        _current ??= NewPending();
        int length;
        try
        {
            length = _current.Records.Add(check.Fields!);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Reject(Given(source, fields), RefusalReason.InvalidRecord, $"The record cannot be written as JSON: {ex.Message}");
        }

        if (length + _framingBytes > _options.MaxRequestBytes)
        {
            _current.Records.RemoveLast();
            return Reject(Given(source, fields), RefusalReason.TooLarge, $"The record is {length:N0} bytes as JSON, more than a request may carry ({_options.MaxRequestBytes:N0} bytes with the framing).");
        }

        if (_current.Records.Count > 1 && _current.Records.Bytes + _framingBytes > _options.MaxRequestBytes)
        {
            // Closed by its byte budget: the record starts the next request.
            _current.Records.RemoveLast();
            await SubmitAsync(completesBatch: false).ConfigureAwait(false);
            _current = NewPending();
            _current.Records.Add(check.Fields!);
        }

        // A record the adapter changed (Monetate converts values to the schema's types) is kept as it was given: what
        // was sent is not what the user wrote.
        _current.Sources.Add(ReferenceEquals(check.Fields, fields) ? source : Given(source, fields), _offered, keepFileRecord: !ReferenceEquals(check.Fields, fields));
        if (check.Key is not null)
        {
            (_current.Keys ??= []).Add(KeyHash.Of(check.Key));
        }

        _current.End = _offered;
        return null;
    }

    /// <summary>Counts an input record that was refused before it reached <see cref="AddAsync"/>.</summary>
    public void NoteRejected()
    {
        _offered++;
        Totals.RecordsRejected++;
    }

    /// <summary>Whether a request has ended since results were last taken (cheap: no allocation).</summary>
    public bool HasFinished
    {
        get
        {
            if (_finished.Count > 0)
            {
                return true;
            }

            foreach (var task in _inFlight)
            {
                if (task.IsCompleted)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Results of requests that ended since the last call, in the order they ended.</summary>
    public IReadOnlyList<RequestOutcome> TakeFinished()
    {
        CollectFinished();
        var results = _finished.ToList();
        _finished.Clear();
        return results;
    }

    /// <summary>
    /// Waits for every request, then sends the remaining records: completing the batch if all went well, else leaving
    /// it open. Records that cannot be sent any more are handed back in the last outcome.
    /// </summary>
    public async Task<UploadTotals> CompleteAsync()
    {
        if (_completed)
        {
            return Totals;
        }

        await WhenAllInFlight().ConfigureAwait(false);
        if (_current is not null)
        {
            var reason = NotSendableReason();
            if (reason is not null)
            {
                var unsent = new RequestOutcome(++_sequence, _current.Sources.Count, false);
                unsent.HandBack(_current.AllSources, reason.Value.Reason, reason.Value.Message, FatalError);
                Count(unsent);
                _finished.Enqueue(unsent);
                _current = null;
            }
            else if (Totals.CompletedByPreviousRun)
            {
                Totals.RecordsAlreadyStored += _current.Sources.Count;
                AcknowledgedInput = _offered;
                _current = null;
            }
            else
            {
                await SubmitAsync(completesBatch: _adapter.HasBatches && !_anyFailed && HoldReason is null).ConfigureAwait(false);
                await WhenAllInFlight().ConfigureAwait(false);
            }
        }

        if (!_anyFailed && (Totals.CompletedByPreviousRun || !_adapter.HasBatches || Totals.BatchCompleted))
        {
            // Records refused after the last sent one are settled too.
            AcknowledgedInput = _offered;
        }

        _completed = true;
        Totals.Elapsed = _stopwatch.Elapsed;
        return Totals;
    }

    /// <summary>Waits until every request submitted so far has ended, without sending the records still being filled.</summary>
    public Task WaitForRequestsAsync() => WhenAllInFlight();

    /// <summary>
    /// After a stop: waits up to <paramref name="wait"/> for the requests in flight and hands back every record not known
    /// to be stored (the buffered ones as not sent), so that they can still be written to a failed-record file.
    /// </summary>
    public IReadOnlyList<RequestOutcome> Abandon(TimeSpan wait)
    {
        lock (_poolLock)
        {
            // A request may still end on another thread (a stop while a record was being added): no buffer of it may
            // go back to the pool now.
            _abandoned = true;
        }

        try
        {
            Task.WaitAll(_inFlight.ToArray(), wait);
        }
        catch (AggregateException)
        {
        }

        CollectFinished();
        if (_current is not null)
        {
            var unsent = new RequestOutcome(++_sequence, _current.Sources.Count, false);
            unsent.HandBack(_current.AllSources, RefusalReason.Stopped, "Not sent: the upload was stopped first.", null);
            Count(unsent);
            _finished.Enqueue(unsent);
            _current = null;
        }

        var results = _finished.ToList();
        _finished.Clear();
        return results;
    }

    public void Dispose()
    {
        _linked.Dispose();
        _failFast.Dispose();
    }

    /// <summary>What a record carries back: the input, or for a null source its fields (made only when needed).</summary>
    private object Given(object? source, IReadOnlyList<KeyValuePair<string, object?>> fields) => source ?? new RestoredRecord(_offered, fields);

    private HandedBackRecord? NotSendable(object source)
    {
        if (NotSendableReason() is not { } reason)
        {
            return null;
        }

        Totals.RecordsFailed++;
        return new HandedBackRecord(source, reason.Reason, reason.Message, FatalError);
    }

    private (RefusalReason Reason, string Message)? NotSendableReason()
    {
        if (FatalError is null)
        {
            return null;
        }

        return Unreachable
            ? (RefusalReason.ServiceUnreachable, $"Not sent: the service is unreachable. {FatalError.Message}")
            : (RefusalReason.NotSent, $"Not sent: an earlier request failed in a way every request would. {FatalError.Message}");
    }

    private HandedBackRecord Reject(object source, RefusalReason reason, string problem)
    {
        Totals.RecordsRejected++;
        return new HandedBackRecord(source, reason, problem);
    }

    private async Task WhenAllInFlight()
    {
        while (_inFlight.Count > 0)
        {
            await Task.WhenAny(_inFlight).ConfigureAwait(false);
            CollectFinished();
        }
    }

    private async Task SubmitAsync(bool completesBatch)
    {
        var request = _current!;
        _current = null;
        var sequence = ++_sequence;
        // Records refused after the last accepted one are settled with the next request, or at completion.
        _sent.Add(new SentRange(sequence, completesBatch ? _offered : request.End));

        while (_inFlight.Count >= _options.ThrottleLimit)
        {
            await Task.WhenAny(_inFlight).ConfigureAwait(false);
            CollectFinished();
        }

        // The last record for a key wins only if its request is applied after every earlier one holding the key:
        // a request waits for those in flight that share a key with it, retries and splits included.
        if (request.Keys is not null)
        {
            for (var sharing = InFlightSharing(request.Keys); sharing.Length > 0; sharing = InFlightSharing(request.Keys))
            {
                await Task.WhenAll(sharing).ConfigureAwait(false);
                CollectFinished();
            }
        }

        if (NotSendableReason() is { } reason)
        {
            // Failed while this request waited for a slot.
            var unsent = new RequestOutcome(sequence, request.Sources.Count, completesBatch);
            unsent.HandBack(request.AllSources, reason.Reason, reason.Message, FatalError);
            Count(unsent);
            _finished.Enqueue(unsent);
            return;
        }

        var task = SendAsync(new Run(sequence, request, completesBatch));
        _inFlight.Add(task);
        _inFlightRequests[task] = request;
    }

    private Task<RequestOutcome>[] InFlightSharing(HashSet<ulong> keys) =>
        _inFlight.Where(task => _inFlightRequests[task].Keys is { } held && held.Overlaps(keys)).ToArray();

    private async Task<RequestOutcome> SendAsync(Run run)
    {
        var outcome = run.Outcome;
        if (_options.DryRun)
        {
            outcome.Acknowledged = run.Request.Sources.Count;
            outcome.Requests = 1;
            return outcome;
        }

        await SendRangeAsync(run, 0, run.Request.Records.Count, run.CompletesBatch).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Sends records <paramref name="start"/> to <paramref name="end"/> of the request; splits it when refused whole.</summary>
    private async Task SendRangeAsync(Run run, int start, int end, bool completes)
    {
        var outcome = run.Outcome;
        var sources = new SourceList(run.Request, start, end);
        if (_linked.IsCancellationRequested)
        {
            HandBackCancelled(outcome, sources, null);
            return;
        }

        var body = run.Request.Records.Body(start, end, _adapter.BodyPrefix, _adapter.BodySuffix(completes));
        try
        {
            outcome.Requests++;
            var count = await _adapter.SendAsync(body, _linked.Token).ConfigureAwait(false);
            outcome.Attempts = 1;
            if (count is { } acknowledged && acknowledged != end - start)
            {
                outcome.HandBack(sources, RefusalReason.NotAcknowledged, $"The service acknowledged {acknowledged} of the {end - start} records of request {run.Sequence}; which ones is not known, so every one of them is handed back.", null);
                return;
            }

            Acknowledge(run, start, end);
            if (completes)
            {
                outcome.BatchCompleted = true;
            }
        }
        catch (ServiceException ex) when (_adapter.IsBatchCompleted(ex) && _options.ResumingBatch)
        {
            // A previous run of this upload completed the batch before it heard back: its records are stored.
            outcome.Attempts = ex.Attempts;
            outcome.AlreadyStored += end - start;
            outcome.BatchCompleted = true;
        }
        catch (ServiceException ex) when (_adapter.IsBatchCompleted(ex) && completes && ex.Attempts > 1)
        {
            // The first attempt completed the batch but its answer was lost; the retry finds the batch completed.
            outcome.Attempts = ex.Attempts;
            Acknowledge(run, start, end);
            outcome.BatchCompleted = true;
        }
        catch (ServiceException ex) when (IsSplittable(ex) && end - start > 1 && run.SplitRequests + 2 <= _options.MaxSplitRequests)
        {
            outcome.Attempts = ex.Attempts;
            run.SplitRequests += 2;
            var middle = start + ((end - start) / 2);
            await SendRangeAsync(run, start, middle, false).ConfigureAwait(false);
            await SendRangeAsync(run, middle, end, false).ConfigureAwait(false);
            if (completes)
            {
                await CompleteWithAnchorAsync(run).ConfigureAwait(false);
            }
        }
        catch (ServiceException ex) when (IsSplittable(ex) && end - start == 1)
        {
            outcome.Attempts = ex.Attempts;
            var tooLarge = ex.StatusCode == HttpStatusCode.RequestEntityTooLarge;
            var said = ex.ServiceMessage ?? ex.Message;
            outcome.HandBack(sources, tooLarge ? RefusalReason.TooLarge : RefusalReason.RefusedByService, tooLarge ? $"The service refused the record as too large (413): {said}" : $"The service refused the record ({(int)ex.StatusCode!}): {said}", ex);
        }
        catch (ServiceException ex)
        {
            outcome.Attempts = ex.Attempts;
            HandBackFailure(run, sources, ex);
        }
        catch (Exception ex) when (_linked.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // Stopped, or the service turned out unreachable: whatever the cancellation surfaced as (a cancelled task,
            // a timeout of the retry pipeline).
            HandBackCancelled(outcome, sources, ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An answer of an unexpected shape, a broken stream: never take the records with it.
            outcome.HandBack(sources, RefusalReason.RequestFailed, $"{_adapter.Route} failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The completing request was split, so its parts went as not completing: completes the batch by sending the last
    /// stored record again (the same content, so nothing changes) with the completing flag.
    /// </summary>
    private async Task CompleteWithAnchorAsync(Run run)
    {
        var outcome = run.Outcome;
        byte[]? anchor;
        lock (_anchorLock)
        {
            anchor = _anchor;
        }

        if (!outcome.Settled || anchor is null || _linked.IsCancellationRequested)
        {
            // Something failed (the batch stays open), or nothing at all was stored: there is nothing to complete.
            return;
        }

        try
        {
            outcome.Requests++;
            await _adapter.SendAsync(EncodedRecords.Body(anchor, _adapter.BodyPrefix, _adapter.BodySuffix(true)), _linked.Token).ConfigureAwait(false);
            outcome.BatchCompleted = true;
        }
        catch (ServiceException ex) when (_adapter.IsBatchCompleted(ex) && ex.Attempts > 1)
        {
            outcome.BatchCompleted = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The records are staged in the batch, but it is not completed: they go back, to be re-sent into it.
            var stored = run.AcknowledgedSources();
            outcome.Acknowledged -= stored.Count;
            var reason = ex is OperationCanceledException ? (_stop.IsCancellationRequested ? RefusalReason.Stopped : RefusalReason.ServiceUnreachable) : RefusalReason.RequestFailed;
            outcome.HandBack(stored, reason, $"The batch could not be completed: {ex.Message}", ex);
            if (ex is ServiceException service)
            {
                NoteFatal(outcome, service);
            }
        }
    }

    // A 422 the vendor reads as an authentication error (Opti-X guide 002) is not about the content: never split.
    // Nor is a refusal the vendor says every request would meet (StopsTheUpload).
    private bool IsSplittable(ServiceException ex) =>
        !_adapter.StopsTheUpload(ex)
        && ex.Kind is ServiceErrorKind.InvalidRequest or ServiceErrorKind.Validation
        && ex.StatusCode is HttpStatusCode.BadRequest or (HttpStatusCode)422 or HttpStatusCode.RequestEntityTooLarge;

    private void HandBackFailure(Run run, IReadOnlyList<object> sources, ServiceException ex)
    {
        var outcome = run.Outcome;
        if (ex.NoAnswer && ex.Kind is ServiceErrorKind.Transport or ServiceErrorKind.Timeout or ServiceErrorKind.NotRunning)
        {
            // The service is unreachable: the requests in flight stop now rather than each spending its own budget.
            if (Interlocked.CompareExchange(ref _unreachable, ex, null) is null)
            {
                outcome.Fatal = ex;
                _failFast.Cancel();
            }

            outcome.HandBack(sources, RefusalReason.ServiceUnreachable, ex.Message, ex);
            return;
        }

        if (_adapter.IsBatchCompleted(ex))
        {
            outcome.HandBack(sources, RefusalReason.BatchAlreadyCompleted, $"The batch is already completed and takes no more records; send them in a new batch. {ex.Message}", ex);
            outcome.Fatal = ex;
            return;
        }

        outcome.HandBack(sources, RefusalReason.RequestFailed, ex.Message, ex);
        NoteFatal(outcome, ex);
    }

    private void NoteFatal(RequestOutcome outcome, ServiceException ex)
    {
        if (ex.Kind is ServiceErrorKind.Unauthorized or ServiceErrorKind.Forbidden or ServiceErrorKind.NotFound or ServiceErrorKind.Conflict
            || _adapter.StopsTheUpload(ex))
        {
            outcome.Fatal ??= ex;
        }
    }

    private void HandBackCancelled(RequestOutcome outcome, IReadOnlyList<object> sources, Exception? ex)
    {
        if (_stop.IsCancellationRequested)
        {
            outcome.HandBack(sources, RefusalReason.Stopped, "Stopped before the service answered: the records may or may not be stored.", ex);
        }
        else
        {
            var cause = Volatile.Read(ref _unreachable);
            outcome.HandBack(sources, RefusalReason.ServiceUnreachable, $"Not sent: the service is unreachable. {cause?.Message}", cause);
        }
    }

    private void Acknowledge(Run run, int start, int end)
    {
        run.Outcome.Acknowledged += end - start;
        run.Acknowledged.Add((start, end));
        var anchor = run.Request.Records.Record(end - 1);
        lock (_anchorLock)
        {
            _anchor = anchor;
        }
    }


    private void CollectFinished()
    {
        for (var i = 0; i < _inFlight.Count; i++)
        {
            var task = _inFlight[i];
            if (!task.IsCompleted)
            {
                continue;
            }

            _inFlight.RemoveAt(i--);
            lock (_poolLock)
            {
                if (_inFlightRequests.TryGetValue(task, out var request) && _inFlightRequests.Remove(task) && !_abandoned && _spareBuffers.Count <= _options.ThrottleLimit)
                {
                    // The request has ended, retries and splits included: nothing reads its bytes any more.
                    _spareBuffers.Push(request.Records.Buffer);
                }
            }
            var outcome = task.GetAwaiter().GetResult();
            Count(outcome);
            _finished.Enqueue(outcome);
        }
    }

    private void Count(RequestOutcome outcome)
    {
        Totals.Requests += outcome.Requests;
        Totals.RecordsSent += outcome.Acknowledged;
        Totals.RecordsAlreadyStored += outcome.AlreadyStored;
        foreach (var handedBack in outcome.HandedBack)
        {
            if (handedBack.IsRefusal)
            {
                Totals.RecordsRejected++;
            }
            else
            {
                Totals.RecordsFailed++;
            }
        }

        if (outcome.AlreadyStored > 0)
        {
            Totals.CompletedByPreviousRun = true;
        }

        if (outcome.BatchCompleted && !_options.DryRun)
        {
            Totals.BatchCompleted = true;
        }

        if (outcome.Fatal is not null)
        {
            FatalError ??= outcome.Fatal;
        }

        if (!outcome.Settled)
        {
            _anyFailed = true;
            return;
        }

        MarkAcknowledged(outcome.Sequence);
    }

    private void MarkAcknowledged(int sequence)
    {
        var index = _sent.FindIndex(_acknowledgedIndex, r => r.Sequence == sequence);
        if (index < 0)
        {
            return;
        }

        _sent[index].Acknowledged = true;
        while (_acknowledgedIndex < _sent.Count && _sent[_acknowledgedIndex].Acknowledged)
        {
            AcknowledgedInput = _sent[_acknowledgedIndex].End;
            _acknowledgedIndex++;
        }
    }

    /// <summary>The sources of a range of a request, restored only when read (a record handed back; never on success).</summary>
    private sealed class SourceList : IReadOnlyList<object>
    {
        private readonly Pending _request;
        private readonly int _start;
        private readonly int _end;
        private IReadOnlyList<object>? _sources;

        public SourceList(Pending request, int start, int end)
        {
            _request = request;
            _start = start;
            _end = end;
        }

        public int Count => _end - _start;

        private IReadOnlyList<object> Sources => _sources ??= _request.Sources.Range(_start, _end, _request.Records);

        public object this[int index] => Sources[index];

        public IEnumerator<object> GetEnumerator() => Sources.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private Pending NewPending()
    {
        lock (_poolLock)
        {
            return new Pending(_spareBuffers.Count > 0 ? _spareBuffers.Pop() : null);
        }
    }

    /// <summary>A request being filled.</summary>
    private sealed class Pending
    {
        public Pending(byte[]? buffer) => Records = new EncodedRecords(buffer);

        public EncodedRecords Records { get; }

        public RequestSources Sources { get; } = new();

        public HashSet<ulong>? Keys { get; set; }

        /// <summary>All of its input objects, read only when needed.</summary>
        public IReadOnlyList<object> AllSources => new SourceList(this, 0, Sources.Count);

        /// <summary>The input position just after its last record.</summary>
        public long End { get; set; }
    }

    /// <summary>One request on its way, with its splits.</summary>
    private sealed class Run
    {
        public Run(int sequence, Pending request, bool completesBatch)
        {
            Sequence = sequence;
            Request = request;
            CompletesBatch = completesBatch;
            Outcome = new RequestOutcome(sequence, request.Sources.Count, completesBatch);
        }

        public int Sequence { get; }

        public Pending Request { get; }

        public bool CompletesBatch { get; }

        public RequestOutcome Outcome { get; }

        public int SplitRequests { get; set; }

        public List<(int Start, int End)> Acknowledged { get; } = [];

        public List<object> AcknowledgedSources() => Acknowledged.SelectMany(r => Request.Sources.Range(r.Start, r.End, Request.Records)).ToList();
    }

    private sealed class SentRange
    {
        public SentRange(int sequence, long end)
        {
            Sequence = sequence;
            End = end;
        }

        public int Sequence { get; }

        /// <summary>The input position just after the request's last record.</summary>
        public long End { get; }

        public bool Acknowledged { get; set; }
    }
}
