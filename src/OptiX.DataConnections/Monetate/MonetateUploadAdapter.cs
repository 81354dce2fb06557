using System.Globalization;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// Monetate's side of <see cref="UploadEngine"/>: each record converted to the schema's types on arrival, posted as
/// <c>{"schema_rows": [...], "_sent_time": "..."}</c>, the count read from the echoed rows. The Data API has no
/// batches: every post is stored on its own.
/// </summary>
public sealed class MonetateUploadAdapter : IUploadAdapter
{
    public const int DefaultBatchSize = 1000;
    public const int MaxBatchSize = 10000;
    public const int DefaultThrottleLimit = 1;

    private readonly MonetateClient? _client;
    private readonly TimeProvider _time;

    /// <param name="client">Null for -WhatIf: rows are converted and counted, never sent.</param>
    public MonetateUploadAdapter(MonetateClient? client, MonetateSchema schema, bool ignoreUnknownFields = false)
        : this(client, schema, ignoreUnknownFields, null)
    {
    }

    // TimeProvider stays out of public signatures: the cmdlets cannot load Microsoft.Bcl.TimeProvider (see DependencyIsolation).
    internal MonetateUploadAdapter(MonetateClient? client, MonetateSchema schema, bool ignoreUnknownFields, TimeProvider? time)
    {
        _client = client;
        _time = time ?? TimeProvider.System;
        Schema = schema;
        Converter = new MonetateRowConverter(schema, ignoreUnknownFields);
        Route = $"POST /data/{schema.Name}/";
    }

    public MonetateSchema Schema { get; }

    public MonetateRowConverter Converter { get; }

    public string Route { get; }

    public bool HasBatches => false;

    public string BodyPrefix => "{\"schema_rows\":[";

    public string BodySuffix(bool completesBatch) =>
        "],\"_sent_time\":\"" + _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\"}";

    public RecordCheck Check(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        var row = Converter.Convert(fields, out var problem);
        if (row is null)
        {
            return RecordCheck.Refuse(RefusalReason.DoesNotFitSchema, problem ?? "The record does not fit the schema.");
        }

        // With a unique key the last row for a key wins, so requests holding the same key go in order.
        string? key = null;
        if (Schema.UniqueKeyField is { } unique)
        {
            foreach (var pair in row)
            {
                if (string.Equals(pair.Key, unique, StringComparison.Ordinal))
                {
                    key = Convert.ToString(pair.Value, CultureInfo.InvariantCulture);
                    break;
                }
            }
        }

        return RecordCheck.Accept(row, key);
    }

    public IReadOnlyList<string> MissingFields(IReadOnlyCollection<string> names) =>
        Schema.Fields
            .Where(field => field.NeedsValue && !names.Any(name => string.Equals(name, field.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(field => $"'{field.Name}', {(field.Required ? "a required field" : field.Identifier ? "the schema's identifier" : "the schema's unique key")}")
            .ToList();

    public Task<int?> SendAsync(RequestBody body, CancellationToken cancellationToken) =>
        _client!.PostRowsAsync(Schema.Name, body, cancellationToken);

    public bool IsBatchCompleted(ServiceException error) => false;

    /// <summary>A schema whose identifier name the Data API wants and does not get refuses every post alike.</summary>
    public bool StopsTheUpload(ServiceException error) => MonetateErrorTranslator.IsIdentifierNameMissing(error);

    /// <summary>An engine for one upload to a schema.</summary>
    public static UploadEngine Start(MonetateClient? client, MonetateSchema schema, UploadEngineOptions options, bool ignoreUnknownFields, CancellationToken cancellationToken) =>
        Start(client, schema, options, ignoreUnknownFields, cancellationToken, null);

    internal static UploadEngine Start(MonetateClient? client, MonetateSchema schema, UploadEngineOptions options, bool ignoreUnknownFields, CancellationToken cancellationToken, TimeProvider? time)
    {
        options.Validate(MaxBatchSize);
        options.DryRun |= client is null;
        return new UploadEngine(new MonetateUploadAdapter(client, schema, ignoreUnknownFields, time), options, cancellationToken);
    }
}
