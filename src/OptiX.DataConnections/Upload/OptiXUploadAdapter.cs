using System.Globalization;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// Opti-X's side of <see cref="UploadEngine"/>: <c>upload_data</c> bodies of one batch, each record holding the
/// connection's primary key, the service's count read from its answer, and 409 as "the batch is already completed".
/// </summary>
public sealed class OptiXUploadAdapter : IUploadAdapter
{
    private readonly OptiXClient? _client;
    private readonly string _suffixOpen;
    private readonly string _suffixCompleting;

    /// <param name="client">Null for a dry run: nothing is sent.</param>
    public OptiXUploadAdapter(OptiXClient? client, Connection connection, Guid batchId, int? ttlSeconds)
    {
        _client = client;
        Connection = connection;
        BatchId = batchId;
        var ttl = ttlSeconds is { } seconds ? seconds.ToString(CultureInfo.InvariantCulture) : "null";
        var start = $"],\"ttl_seconds\":{ttl},\"batch_uuid\":\"{batchId:D}\",\"batch_completed\":";
        _suffixOpen = start + "false}";
        _suffixCompleting = start + "true}";
        Route = $"POST /connections/{connection.ConnectionId:D}/upload_data";
    }

    public Connection Connection { get; }

    public Guid BatchId { get; }

    public string Route { get; }

    public bool HasBatches => true;

    public string BodyPrefix => "{\"data\":[";

    public string BodySuffix(bool completesBatch) => completesBatch ? _suffixCompleting : _suffixOpen;

    public RecordCheck Check(IReadOnlyList<KeyValuePair<string, object?>> fields) =>
        PrimaryKeys.Check(fields, Connection.PrimaryKey, out var key, out var problem) is { } reason
            ? RecordCheck.Refuse(reason, $"The record {problem}.")
            : RecordCheck.Accept(fields, key);

    public IReadOnlyList<string> MissingFields(IReadOnlyCollection<string> names)
    {
        if (names.Contains(Connection.PrimaryKey, StringComparer.Ordinal))
        {
            return [];
        }

        var caseOnly = names.FirstOrDefault(n => string.Equals(n, Connection.PrimaryKey, StringComparison.OrdinalIgnoreCase));
        return [$"'{Connection.PrimaryKey}', the connection's primary key{(caseOnly is null ? string.Empty : $" (field names are case-sensitive; found '{caseOnly}')")}"];
    }

    public async Task<int?> SendAsync(RequestBody body, CancellationToken cancellationToken)
    {
        var response = await _client!.UploadAsync(Connection.ConnectionId, body, cancellationToken).ConfigureAwait(false);
        return response.UploadedRecords;
    }

    public bool StopsTheUpload(ServiceException error) => false;

    /// <summary>The API answers 409 to a request for a batch id that was completed.</summary>
    public bool IsBatchCompleted(ServiceException error) => error.Kind == ServiceErrorKind.Conflict;

    /// <summary>An engine for one upload to <paramref name="connection"/>.</summary>
    public static UploadEngine Start(OptiXClient? client, Connection connection, UploadOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var adapter = new OptiXUploadAdapter(options.DryRun ? null : client ?? throw new ArgumentNullException(nameof(client), "A client is needed unless DryRun is set."), connection, options.BatchId ?? Guid.NewGuid(), options.TtlSeconds);
        return new UploadEngine(adapter, options.ForEngine(), cancellationToken);
    }
}
