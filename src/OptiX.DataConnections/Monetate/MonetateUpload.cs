using System.Collections.Concurrent;
using System.Diagnostics;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// Streams records into a schema: each is converted and checked on arrival, rows are posted in batches, one post in
/// flight while the next batch fills, in input order (so that, with a unique key, the last row for a key wins).
/// </summary>
public sealed class MonetateUpload
{
    public const int DefaultBatchSize = 1000;
    public const int MaxBatchSize = 10000;

    private readonly MonetateClient? _client;
    private readonly int _batchSize;
    private readonly TimeProvider _time;
    private readonly CancellationToken _cancellation;
    private readonly ConcurrentQueue<MonetateBatchResult> _finished = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private List<object> _sources = [];
    private List<IReadOnlyList<KeyValuePair<string, object?>>> _rows = [];
    private Task? _inFlight;
    private int _sequence;
    private ServiceException? _fatalError;

    /// <param name="client">Null for -WhatIf: rows are converted and counted, never sent.</param>
    public MonetateUpload(MonetateClient? client, MonetateSchema schema, int batchSize = DefaultBatchSize, bool ignoreUnknownFields = false, CancellationToken cancellationToken = default)
        : this(client, schema, batchSize, ignoreUnknownFields, cancellationToken, null)
    {
    }

    internal MonetateUpload(MonetateClient? client, MonetateSchema schema, int batchSize, bool ignoreUnknownFields, CancellationToken cancellationToken, TimeProvider? time)
    {
        if (batchSize is < 1 or > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"A batch holds 1 to {MaxBatchSize} rows.");
        }

        _client = client;
        _batchSize = batchSize;
        _cancellation = cancellationToken;
        _time = time ?? TimeProvider.System;
        Schema = schema;
        Converter = new MonetateRowConverter(schema, ignoreUnknownFields);
        Summary = new MonetateUploadSummary(schema.Name) { WhatIf = client is null };
    }

    public MonetateSchema Schema { get; }

    public MonetateRowConverter Converter { get; }

    public MonetateUploadSummary Summary { get; }

    /// <summary>An error after which nothing more is sent (the key was refused or revoked, the schema is gone).</summary>
    public ServiceException? FatalError => Volatile.Read(ref _fatalError);

    public bool HasFinished => !_finished.IsEmpty;

    /// <summary>Adds a record; returns why it does not fit the schema, or null when it was queued.</summary>
    public async ValueTask<string?> AddAsync(object source, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        if (FatalError is not null)
        {
            // Handed back with the others the upload could not send, so that no record goes unreported.
            Fail(new MonetateBatchResult(++_sequence, [source]), FatalError);
            throw FatalError;
        }

        var row = Converter.Convert(fields, out var problem);
        if (row is null)
        {
            Summary.RowsRejected++;
            return problem;
        }

        _sources.Add(source);
        _rows.Add(row);
        if (_rows.Count >= _batchSize)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Counts a record refused before it reached the converter (null, or not a record at all).</summary>
    public void NoteRejected() => Summary.RowsRejected++;

    /// <summary>Sends what is left and waits for every post.</summary>
    public async Task<MonetateUploadSummary> CompleteAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        if (_inFlight is not null)
        {
            await _inFlight.ConfigureAwait(false);
        }

        Summary.Elapsed = _clock.Elapsed;
        return Summary;
    }

    /// <summary>Posts finished since the last call, in order.</summary>
    public IEnumerable<MonetateBatchResult> TakeFinished()
    {
        while (_finished.TryDequeue(out var result))
        {
            yield return result;
        }
    }

    private async Task FlushAsync()
    {
        if (_inFlight is not null)
        {
            await _inFlight.ConfigureAwait(false);
            _inFlight = null;
        }

        if (_rows.Count == 0)
        {
            return;
        }

        var batch = new MonetateBatchResult(++_sequence, _sources);
        var rows = _rows;
        _sources = [];
        _rows = [];
        if (FatalError is not null)
        {
            Fail(batch, FatalError);
            return;
        }

        if (_client is null)
        {
            Summary.Requests++;
            Summary.RowsSent += rows.Count;
            _finished.Enqueue(batch);
            return;
        }

        _inFlight = PostAsync(batch, MonetateRowsBodyWriter.Write(rows, _time.GetUtcNow()));
    }

    private async Task PostAsync(MonetateBatchResult batch, RequestBody body)
    {
        try
        {
            var stored = await _client!.PostRowsAsync(Schema.Name, body, _cancellation).ConfigureAwait(false);
            Summary.Requests++;
            if (stored is { } count && count != batch.Records.Count)
            {
                // Whether the Data API stores part of a post is not documented; a short count hands every row back.
                Fail(batch, new ServiceException(
                    ServiceErrorKind.InvalidRequest,
                    $"The Data API acknowledged {count} of the {batch.Records.Count} rows of request {batch.Sequence}; which ones is not known, so every row of it is handed back.",
                    $"POST /data/{Schema.Name}/"));
                return;
            }

            Summary.RowsSent += batch.Records.Count;
            _finished.Enqueue(batch);
        }
        catch (ServiceException ex)
        {
            Summary.Requests++;
            Fail(batch, ex);
            if (ex.Kind is ServiceErrorKind.Unauthorized or ServiceErrorKind.Forbidden or ServiceErrorKind.NotFound
                || MonetateErrorTranslator.IsIdentifierNameMissing(ex))
            {
                Volatile.Write(ref _fatalError, ex);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_cancellation.IsCancellationRequested)
        {
            // Anything else (an answer of an unexpected shape, a broken stream) must not take the batch's records with it.
            Summary.Requests++;
            Fail(batch, new ServiceException(ServiceErrorKind.Transport, $"Request {batch.Sequence} failed: {ex.Message}", $"POST /data/{Schema.Name}/", innerException: ex));
        }
        catch (OperationCanceledException)
        {
            Fail(batch, new ServiceException(ServiceErrorKind.Transport, $"Stopped before request {batch.Sequence} was answered: its rows may or may not be stored.", $"POST /data/{Schema.Name}/"));
        }
    }

    /// <summary>
    /// After Ctrl+C or a stop: waits briefly for the post in flight and hands back every record not known to be stored
    /// (the buffered ones as not sent), so that they can still be written to a failed-record file.
    /// </summary>
    public IReadOnlyList<MonetateBatchResult> Abandon(TimeSpan wait)
    {
        try
        {
            _inFlight?.Wait(wait);
        }
        catch (AggregateException)
        {
        }

        if (_sources.Count > 0)
        {
            Fail(new MonetateBatchResult(++_sequence, _sources), new ServiceException(ServiceErrorKind.Transport, "Not sent: the command was stopped first.", $"POST /data/{Schema.Name}/"));
            _sources = [];
            _rows = [];
        }

        return TakeFinished().Where(r => !r.Succeeded).ToList();
    }

    private void Fail(MonetateBatchResult batch, ServiceException error)
    {
        batch.Error = error;
        batch.Attempts = error.Attempts;
        Summary.RowsFailed += batch.Records.Count;
        _finished.Enqueue(batch);
    }
}
