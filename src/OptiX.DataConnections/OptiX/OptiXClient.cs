using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;

namespace OptiX.DataConnections.OptiX;

/// <summary>The Opti-X Data Connections API, one method per endpoint, over the shared <see cref="ServiceHttpClient"/>.</summary>
public sealed class OptiXClient : IDisposable
{
    public static readonly Uri ProductionBaseUri = new("https://api.opti-x.optimove.net/api/data-connections/v1");

    private static readonly JsonSerializer Serializer = JsonSerializer.CreateDefault(new JsonSerializerSettings
    {
        DateParseHandling = DateParseHandling.DateTimeOffset,
    });

    private readonly ServiceHttpClient _http;

    public OptiXClient(Uri baseUri, OptiXCredentials credentials, ResilienceSettings? resilience = null, HttpMessageHandler? handler = null)
    {
        _http = new ServiceHttpClient(baseUri, credentials, new OptiXErrorTranslator(), resilience ?? new ResilienceSettings(), handler);
    }

    public event EventHandler<RetryNotice>? Retrying
    {
        add => _http.Retrying += value;
        remove => _http.Retrying -= value;
    }

    public Uri BaseUri => _http.BaseUri;

    public async Task<Connection> CreateConnectionAsync(ConnectionDefinition definition, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Post, "connections", Json(definition), cancellationToken).ConfigureAwait(false);
        var id = (string?)response.Body?["data_connection_uuid"]
            ?? throw new ServiceException(ServiceErrorKind.ServerError, "The service did not return data_connection_uuid.", "POST /connections");
        return await GetConnectionAsync(Guid.Parse(id), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Connection>> GetConnectionsAsync(CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Get, "connections", null, cancellationToken).ConfigureAwait(false);
        return response.Body is JArray items ? items.ToObject<List<Connection>>(Serializer)! : [];
    }

    public async Task<Connection> GetConnectionAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Get, ConnectionPath(connectionId), null, cancellationToken).ConfigureAwait(false);
        return response.Body!.ToObject<Connection>(Serializer)!;
    }

    public async Task<Connection> UpdateConnectionAsync(Guid connectionId, ConnectionUpdate update, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Put, ConnectionPath(connectionId), Json(update), cancellationToken).ConfigureAwait(false);
        return response.Body is JObject body
            ? body.ToObject<Connection>(Serializer)!
            : await GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteConnectionAsync(Guid connectionId, CancellationToken cancellationToken) =>
        _http.SendAsync(HttpMethod.Delete, ConnectionPath(connectionId), null, cancellationToken);

    public async Task<ConnectionSchema> GetSchemaAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Get, ConnectionPath(connectionId) + "/schema", null, cancellationToken).ConfigureAwait(false);
        var schema = response.Body?.ToObject<ConnectionSchema>(Serializer) ?? new ConnectionSchema();
        schema.ConnectionId = connectionId;
        return schema;
    }

    /// <summary>Sends one serialized <c>update_data</c> body (a bare array); returns how many records were updated.</summary>
    public async Task<int> UpdateRecordsAsync(Guid connectionId, RequestBody body, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Put, ConnectionPath(connectionId) + "/update_data", body, cancellationToken).ConfigureAwait(false);
        return (int?)response.Body?["updated_records"] ?? 0;
    }

    /// <summary>Deletes records by key; returns how many were deleted.</summary>
    public async Task<int> DeleteRecordsAsync(Guid connectionId, IEnumerable<object> primaryKeys, CancellationToken cancellationToken)
    {
        var request = new JObject { ["primary_keys"] = new JArray(primaryKeys.Select(JToken.FromObject)) };
        var response = await _http.SendAsync(HttpMethod.Post, ConnectionPath(connectionId) + "/delete_data", Json(request), cancellationToken).ConfigureAwait(false);
        return (int?)response.Body?["deleted_records"] ?? 0;
    }

    public async Task<IReadOnlyList<Reference>> GetReferencesAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Get, ConnectionPath(connectionId) + "/references", null, cancellationToken).ConfigureAwait(false);
        var references = response.Body is JArray items ? items.ToObject<List<Reference>>(Serializer)! : [];
        references.ForEach(r => r.ConnectionId = connectionId);
        return references;
    }

    public async Task<Reference> AddReferenceAsync(Guid connectionId, string channel, string resourceId, CancellationToken cancellationToken)
    {
        var request = new JObject { ["reference_type"] = channel, ["reference_id"] = resourceId };
        var response = await _http.SendAsync(HttpMethod.Post, ConnectionPath(connectionId) + "/references", Json(request), cancellationToken).ConfigureAwait(false);
        var id = Guid.Parse((string?)response.Body?["reference_uuid"] ?? throw new ServiceException(ServiceErrorKind.ServerError, "The service did not return reference_uuid.", "POST /references"));
        var all = await GetReferencesAsync(connectionId, cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(r => r.ReferenceId == id)
            ?? new Reference { ConnectionId = connectionId, ReferenceId = id, Channel = channel, ResourceId = resourceId };
    }

    public Task RemoveReferenceAsync(Guid connectionId, Guid referenceId, CancellationToken cancellationToken) =>
        _http.SendAsync(HttpMethod.Delete, ConnectionPath(connectionId) + "/references/" + referenceId.ToString("D", CultureInfo.InvariantCulture), null, cancellationToken);

    /// <summary>Sends one serialized <c>upload_data</c> body (see <see cref="Upload.OptiXUploadAdapter"/>).</summary>
    public async Task<UploadResponse> UploadAsync(Guid connectionId, RequestBody body, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Post, ConnectionPath(connectionId) + "/upload_data", body, cancellationToken).ConfigureAwait(false);
        return response.Body?.ToObject<UploadResponse>(Serializer) ?? new UploadResponse();
    }

    /// <summary>Reads one record by key; a missing record is a <see cref="ServiceException"/> of kind NotFound.</summary>
    public async Task<JObject> QueryAsync(
        Guid connectionId,
        object primaryKey,
        IDictionary<string, string>? placeholderValues,
        CancellationToken cancellationToken)
    {
        var request = new JObject { ["primary_key"] = JToken.FromObject(primaryKey) };
        if (placeholderValues is { Count: > 0 })
        {
            request["placeholder_values"] = JObject.FromObject(placeholderValues);
        }

        var response = await _http.SendAsync(HttpMethod.Post, ConnectionPath(connectionId) + "/query", Json(request), cancellationToken).ConfigureAwait(false);
        return response.Body?["data"] as JObject ?? new JObject();
    }

    /// <summary>Reads one record by key as plain values (see <see cref="Records.PlainJson"/>).</summary>
    public async Task<System.Collections.Specialized.OrderedDictionary> QueryRecordAsync(
        Guid connectionId,
        object primaryKey,
        IDictionary<string, string>? placeholderValues,
        CancellationToken cancellationToken) =>
        Records.PlainJson.Object(await QueryAsync(connectionId, primaryKey, placeholderValues, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads many records in one request (1 to 5000 keys); answers come back in the order asked.</summary>
    public async Task<IReadOnlyList<BatchQueryResult>> BatchQueryAsync(
        Guid connectionId,
        IReadOnlyList<object> primaryKeys,
        IDictionary<string, string>? placeholderValues,
        CancellationToken cancellationToken)
    {
        var queries = new JArray();
        foreach (var key in primaryKeys)
        {
            var query = new JObject { ["primary_key"] = JToken.FromObject(key) };
            if (placeholderValues is { Count: > 0 })
            {
                query["placeholder_values"] = JObject.FromObject(placeholderValues);
            }

            queries.Add(query);
        }

        var response = await _http.SendAsync(HttpMethod.Post, ConnectionPath(connectionId) + "/api_batch_query", Json(new JObject { ["queries"] = queries }), cancellationToken).ConfigureAwait(false);
        return (response.Body?["results"] as JArray)?.ToObject<List<BatchQueryResult>>(Serializer) ?? [];
    }

    public void Dispose() => _http.Dispose();

    private static string ConnectionPath(Guid connectionId) =>
        "connections/" + connectionId.ToString("D", CultureInfo.InvariantCulture);

    private static RequestBody Json(object value) => RequestBody.Json(writer => Serializer.Serialize(writer, value));
}
