using System.Diagnostics;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// Uploads any number of records to one connection as a single batch: records are serialized as they arrive into
/// requests of at most <see cref="UploadOptions.BatchSize"/>, up to <see cref="UploadOptions.ThrottleLimit"/> requests
/// are in flight (the caller waits when that many are), and the request that completes the batch goes last, only
/// after every other one succeeded. If any failed, the batch is left open so that nothing incomplete becomes visible.
/// Not thread-safe: one caller thread adds records and collects results.
/// </summary>
public sealed class UploadSession
{
    private readonly OptiXClient? _client;
    private readonly UploadOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly List<Task<BatchResult>> _inFlight = [];
    private readonly Dictionary<Task<BatchResult>, HashSet<string>> _inFlightKeys = [];
    private readonly Queue<BatchResult> _finished = new();
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private UploadBodyWriter? _current;
    private List<object>? _currentRecords;
    private HashSet<string>? _currentKeys;
    private readonly List<SentRange> _sent = [];
    private int _sequence;
    private int _acknowledgedIndex;
    private long _offered;
    private long _currentEnd;
    private bool _anyFailed;
    private string? _holdReason;
    private bool _completed;

    public UploadSession(OptiXClient? client, Connection connection, UploadOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        if (client is null && !options.DryRun)
        {
            throw new ArgumentNullException(nameof(client), "A client is needed unless DryRun is set.");
        }

        _client = client;
        Connection = connection;
        _options = options;
        _cancellationToken = cancellationToken;
        BatchId = options.BatchId ?? Guid.NewGuid();
        _offered = _currentEnd = AcknowledgedInput = options.InputOffset;
        Summary = new UploadSummary { ConnectionId = connection.ConnectionId, BatchId = BatchId, WhatIf = options.DryRun };
    }

    public Connection Connection { get; }

    public Guid BatchId { get; }

    public TimeSpan Elapsed => _stopwatch.Elapsed;

    /// <summary>Running totals; final after <see cref="CompleteAsync"/>.</summary>
    public UploadSummary Summary { get; }

    /// <summary>
    /// How many input records, counted from the start of the input, are settled: acknowledged by the service or
    /// refused before sending. A resumed run skips this many (see <see cref="UploadOptions.InputOffset"/>).
    /// </summary>
    public long AcknowledgedInput { get; private set; }

    /// <summary>A failure that makes every later request fail too (wrong keys, connection gone); adding stops.</summary>
    public ServiceException? FatalError { get; private set; }

    /// <summary>
    /// Adds one record. Returns null when accepted, or why it was refused (it is then not sent). Waits while
    /// <see cref="UploadOptions.ThrottleLimit"/> requests are in flight.
    /// </summary>
    public async ValueTask<string?> AddAsync(object source, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The upload is already completed.");
        }

        if (FatalError is not null)
        {
            throw FatalError;
        }

        _offered++;
        if (!PrimaryKeys.TryFind(fields, Connection.PrimaryKey, out var key, out var problem))
        {
            Summary.RecordsRejected++;
            return $"The record {problem}.";
        }

        if (_current is not null && _current.Count >= _options.BatchSize)
        {
            // The full request is not the last one: a record follows it.
            await SubmitAsync(completesBatch: false).ConfigureAwait(false);
        }

        _current ??= new UploadBodyWriter();
        _currentRecords ??= new List<object>(Math.Min(_options.BatchSize, 1024));
        _currentKeys ??= new HashSet<string>(StringComparer.Ordinal);
        _current.Add(fields);
        _currentKeys.Add(key);
        _currentRecords.Add(source);
        _currentEnd = _offered;
        return null;
    }

    /// <summary>Counts an input record that was refused before it reached <see cref="AddAsync"/>.</summary>
    public void NoteRejected()
    {
        _offered++;
        Summary.RecordsRejected++;
    }

    /// <summary>Keeps the batch open at the end whatever happens (for example, a file could not be read to its end).</summary>
    public void HoldCompletion(string reason) => _holdReason ??= reason;

    /// <summary>Why the batch was, or will be, left open; null when it completes.</summary>
    public string? HoldReason => _holdReason;

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
    public IReadOnlyList<BatchResult> TakeFinished()
    {
        CollectFinished();
        var results = _finished.ToList();
        _finished.Clear();
        return results;
    }

    /// <summary>
    /// Waits for every request, then sends the remaining records: completing the batch if all went well, else
    /// leaving it open (its id is in <see cref="Summary"/> so that the failed records can be re-sent into it).
    /// </summary>
    public async Task<UploadSummary> CompleteAsync()
    {
        if (_completed)
        {
            return Summary;
        }

        await Task.WhenAll(_inFlight).ConfigureAwait(false);
        CollectFinished();
        if (_current is not null && FatalError is not null)
        {
            // Never sent: hand the records back with the error that stopped the upload.
            var unsent = new BatchResult(++_sequence, _currentRecords!, false, 0, FatalError);
            Summary.RecordsFailed += unsent.Records.Count;
            _finished.Enqueue(unsent);
            _current = null;
            _currentRecords = null;
            _currentKeys = null;
        }
        else if (_current is not null)
        {
            await SubmitAsync(completesBatch: !_anyFailed && _holdReason is null).ConfigureAwait(false);
            await Task.WhenAll(_inFlight).ConfigureAwait(false);
            CollectFinished();
        }

        _completed = true;
        Summary.Elapsed = _stopwatch.Elapsed;
        return Summary;
    }

    private async Task SubmitAsync(bool completesBatch)
    {
        var writer = _current!;
        var records = _currentRecords!;
        var keys = _currentKeys!;
        _current = null;
        _currentRecords = null;
        _currentKeys = null;
        var sequence = ++_sequence;
        Summary.Requests++;
        // Rejected records that follow the last accepted one are settled with the next request, or at completion.
        _sent.Add(new SentRange(sequence, completesBatch ? _offered : _currentEnd));
        var body = writer.Finish(_options.TtlSeconds, BatchId, completesBatch);

        while (_inFlight.Count >= _options.ThrottleLimit)
        {
            await Task.WhenAny(_inFlight).ConfigureAwait(false);
            CollectFinished();
        }

        // The last record for a key wins only if its request is applied after every earlier one holding the key:
        // a request waits for those in flight that share a key with it, retries included.
        for (var sharing = InFlightSharing(keys); sharing.Length > 0; sharing = InFlightSharing(keys))
        {
            await Task.WhenAll(sharing).ConfigureAwait(false);
            CollectFinished();
        }

        var task = SendAsync(sequence, body, records, completesBatch);
        _inFlight.Add(task);
        _inFlightKeys[task] = keys;
    }

    private Task<BatchResult>[] InFlightSharing(HashSet<string> keys) =>
        _inFlight.Where(task => _inFlightKeys[task].Overlaps(keys)).ToArray();

    private async Task<BatchResult> SendAsync(int sequence, RequestBody body, List<object> records, bool completesBatch)
    {
        if (_options.DryRun)
        {
            return new BatchResult(sequence, records, completesBatch, 0, null);
        }

        try
        {
            await _client!.UploadAsync(Connection.ConnectionId, body, _cancellationToken).ConfigureAwait(false);
            return new BatchResult(sequence, records, completesBatch, 1, null);
        }
        catch (ServiceException ex) when (completesBatch && ex.Kind == ServiceErrorKind.Conflict && ex.Attempts > 1)
        {
            // The first attempt completed the batch but its answer was lost; the retry finds the batch completed.
            return new BatchResult(sequence, records, completesBatch, ex.Attempts, null);
        }
        catch (ServiceException ex)
        {
            return new BatchResult(sequence, records, completesBatch, ex.Attempts, ex);
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
            _inFlightKeys.Remove(task);
            var result = task.GetAwaiter().GetResult();
            Record(result);
            _finished.Enqueue(result);
        }
    }

    private void Record(BatchResult result)
    {
        if (result.Succeeded)
        {
            MarkAcknowledged(result.Sequence);
            Summary.RecordsSent += result.Records.Count;
            if (result.CompletesBatch && !_options.DryRun)
            {
                Summary.BatchCompleted = true;
            }

            return;
        }

        _anyFailed = true;
        Summary.RecordsFailed += result.Records.Count;
        if (result.Error!.Kind is ServiceErrorKind.Unauthorized or ServiceErrorKind.Forbidden or ServiceErrorKind.NotFound or ServiceErrorKind.Conflict)
        {
            FatalError ??= result.Error;
        }
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
