using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX.Answers;

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

    /// <summary>
    /// Creates a connection. The id the service gave is always in the result, even when reading the connection back
    /// fails (<see cref="ConnectionCreation.ReadBackError"/>), so a caller never has to create it twice. An answer
    /// without an id is resolved by name: the one connection of that name that was not there before.
    /// </summary>
    public async Task<ConnectionCreation> CreateAsync(ConnectionDefinition definition, IReadOnlyCollection<Guid>? existingIds, CancellationToken cancellationToken)
    {
        const string route = "POST /connections";
        var response = await _http.SendAsync(HttpMethod.Post, "connections", Json(definition), cancellationToken).ConfigureAwait(false);
        var id = ConnectionAnswers.CreatedId(response);
        if (id is null)
        {
            if (existingIds is null)
            {
                throw AnswerJson.Unexpected(route, "no data_connection_uuid in the answer; the connection may have been created: look for it in the list of connections before creating it again", AnswerJson.Shape(response));
            }

            var created = (await GetConnectionsAsync(cancellationToken).ConfigureAwait(false))
                .Where(c => c.Name == definition.Name && !existingIds.Contains(c.ConnectionId))
                .ToList();
            if (created.Count != 1)
            {
                throw AnswerJson.Unexpected(route, $"no data_connection_uuid in the answer, and {created.Count} new connection(s) named '{definition.Name}' in the list", AnswerJson.Shape(response));
            }

            return new ConnectionCreation(created[0].ConnectionId, created[0], null);
        }

        try
        {
            return new ConnectionCreation(id.Value, await GetConnectionAsync(id.Value, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ServiceException ex)
        {
            return new ConnectionCreation(id.Value, null, ex);
        }
    }

    /// <summary>Creates a connection and reads it back; see <see cref="CreateAsync"/> for a caller that must keep the id when the read fails.</summary>
    public async Task<Connection> CreateConnectionAsync(ConnectionDefinition definition, CancellationToken cancellationToken)
    {
        var created = await CreateAsync(definition, null, cancellationToken).ConfigureAwait(false);
        return created.Connection ?? throw created.ReadBackError!;
    }

    public async Task<IReadOnlyList<Connection>> GetConnectionsAsync(CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Get, "connections", null, cancellationToken).ConfigureAwait(false);
        return ConnectionAnswers.List(response, "GET /connections");
    }

    public async Task<Connection> GetConnectionAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var path = ConnectionPath(connectionId);
        var response = await _http.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        var connection = ConnectionAnswers.One(response, "GET /" + path);
        return connection.ConnectionId == connectionId
            ? connection
            : throw AnswerJson.Unexpected("GET /" + path, $"the answer describes another connection ({connection.ConnectionId})", response.Body);
    }

    /// <summary>
    /// Changes a connection. The request carries every changeable field (the current values overlaid with the
    /// changes), so a service whose PUT replaces the whole object keeps what was not changed. The answer is used when it
    /// is that connection; otherwise (<c>{"status": "success"}</c>, 204) the connection is read again.
    /// </summary>
    public async Task<Connection> UpdateConnectionAsync(Guid connectionId, ConnectionUpdate changes, CancellationToken cancellationToken)
    {
        var current = await GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
        var path = ConnectionPath(connectionId);
        var response = await _http.SendAsync(HttpMethod.Put, path, Json(changes.Over(current)), cancellationToken).ConfigureAwait(false);
        return ConnectionAnswers.TryOne(response, "PUT /" + path) is { } answered && answered.ConnectionId == connectionId
            ? answered
            : await GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteConnectionAsync(Guid connectionId, CancellationToken cancellationToken) =>
        _http.SendAsync(HttpMethod.Delete, ConnectionPath(connectionId), null, cancellationToken);

    public async Task<ConnectionSchema> GetSchemaAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var path = ConnectionPath(connectionId) + "/schema";
        var response = await _http.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return SchemaAnswer.Read(response, "GET /" + path, connectionId);
    }

    /// <summary>Sends one serialized <c>update_data</c> body (a bare array); returns how many records the service says it updated, or null when it does not say.</summary>
    public async Task<int?> UpdateRecordsAsync(Guid connectionId, RequestBody body, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Put, ConnectionPath(connectionId) + "/update_data", body, cancellationToken).ConfigureAwait(false);
        return ChangeAnswers.Updated(response);
    }

    /// <summary>Deletes records by key; returns how many the service says it deleted, or null when it does not say.</summary>
    public async Task<int?> DeleteRecordsAsync(Guid connectionId, IEnumerable<object> primaryKeys, CancellationToken cancellationToken)
    {
        var request = new JObject { ["primary_keys"] = new JArray(primaryKeys.Select(JToken.FromObject)) };
        var response = await _http.SendAsync(HttpMethod.Post, ConnectionPath(connectionId) + "/delete_data", Json(request), cancellationToken).ConfigureAwait(false);
        return ChangeAnswers.Deleted(response);
    }

    public async Task<IReadOnlyList<Reference>> GetReferencesAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var path = ConnectionPath(connectionId) + "/references";
        var response = await _http.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return ReferenceAnswers.List(response, "GET /" + path, connectionId);
    }

    /// <summary>Adds a reference and reads it back from the list; an answer without its id finds it there by channel and resource id.</summary>
    public async Task<Reference> AddReferenceAsync(Guid connectionId, string channel, string resourceId, CancellationToken cancellationToken)
    {
        var path = ConnectionPath(connectionId) + "/references";
        var request = new JObject { ["reference_type"] = channel, ["reference_id"] = resourceId };
        var response = await _http.SendAsync(HttpMethod.Post, path, Json(request), cancellationToken).ConfigureAwait(false);
        var id = ReferenceAnswers.CreatedId(response);
        var all = await GetReferencesAsync(connectionId, cancellationToken).ConfigureAwait(false);
        if (id is null)
        {
            var matches = all.Where(r => r.Channel == channel && r.ResourceId == resourceId).ToList();
            return matches.Count == 1
                ? matches[0]
                : throw AnswerJson.Unexpected("POST /" + path, $"no reference_uuid in the answer, and {matches.Count} reference(s) to {channel} '{resourceId}' in the list", AnswerJson.Shape(response));
        }

        return all.FirstOrDefault(r => r.ReferenceUuid == id)
            ?? new Reference { ConnectionId = connectionId, ReferenceUuid = id.Value, Channel = channel, ResourceId = resourceId };
    }

    public Task RemoveReferenceAsync(Guid connectionId, Guid referenceId, CancellationToken cancellationToken) =>
        _http.SendAsync(HttpMethod.Delete, ConnectionPath(connectionId) + "/references/" + referenceId.ToString("D", CultureInfo.InvariantCulture), null, cancellationToken);

    /// <summary>Sends one serialized <c>upload_data</c> body (see <see cref="Upload.OptiXUploadAdapter"/>).</summary>
    public async Task<UploadResponse> UploadAsync(Guid connectionId, RequestBody body, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(HttpMethod.Post, ConnectionPath(connectionId) + "/upload_data", body, cancellationToken).ConfigureAwait(false);
        return ChangeAnswers.Upload(response);
    }

    /// <summary>
    /// Reads one record by key (see the overload with primaryKeyField); a missing record is a <see cref="ServiceException"/> of kind NotFound, an answer not
    /// understood one of kind UnexpectedAnswer. <paramref name="primaryKeyField"/>, given for upload-based connections,
    /// makes the record prove it is the one asked for (see <see cref="RecordAnswers"/>).
    /// </summary>
    public Task<JObject> QueryAsync(Guid connectionId, object primaryKey, IDictionary<string, string>? placeholderValues, CancellationToken cancellationToken) =>
        QueryAsync(connectionId, primaryKey, placeholderValues, null, cancellationToken);

    /// <inheritdoc cref="QueryAsync(Guid, object, IDictionary{string, string}?, CancellationToken)"/>
    public async Task<JObject> QueryAsync(
        Guid connectionId,
        object primaryKey,
        IDictionary<string, string>? placeholderValues,
        string? primaryKeyField,
        CancellationToken cancellationToken)
    {
        var request = new JObject { ["primary_key"] = JToken.FromObject(primaryKey) };
        if (placeholderValues is { Count: > 0 })
        {
            request["placeholder_values"] = JObject.FromObject(placeholderValues);
        }

        var path = ConnectionPath(connectionId) + "/query";
        var response = await _http.SendAsync(HttpMethod.Post, path, Json(request), cancellationToken).ConfigureAwait(false);
        return RecordAnswers.One(response, "POST /" + path, primaryKey, primaryKeyField);
    }

    /// <summary>Reads one record by key as plain values (see <see cref="Records.PlainJson"/>).</summary>
    public async Task<System.Collections.Specialized.OrderedDictionary> QueryRecordAsync(
        Guid connectionId,
        object primaryKey,
        IDictionary<string, string>? placeholderValues,
        string? primaryKeyField,
        CancellationToken cancellationToken) =>
        Records.PlainJson.Object(await QueryAsync(connectionId, primaryKey, placeholderValues, primaryKeyField, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The Emarsys external content for one key: the record flattened to text values (nested objects as dotted names),
    /// as the service hands it to Emarsys; a missing record is a ServiceException of kind NotFound.
    /// </summary>
    public async Task<System.Collections.Specialized.OrderedDictionary> GetEmarsysContentAsync(
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

        var path = ConnectionPath(connectionId) + "/external-content/emarsys";
        var response = await _http.SendAsync(HttpMethod.Post, path, Json(request), cancellationToken).ConfigureAwait(false);
        return EmarsysAnswer.Read(response, "POST /" + path, primaryKey);
    }

    /// <summary>Reads many records in one request (1 to 5000 keys); answers come back in the order asked.</summary>
    public async Task<IReadOnlyList<BatchQueryResult>> BatchQueryAsync(
        Guid connectionId,
        IReadOnlyList<object> primaryKeys,
        IDictionary<string, string>? placeholderValues,
        string? primaryKeyField,
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

        var path = ConnectionPath(connectionId) + "/api_batch_query";
        var response = await _http.SendAsync(HttpMethod.Post, path, Json(new JObject { ["queries"] = queries }), cancellationToken).ConfigureAwait(false);
        return RecordAnswers.Batch(response, "POST /" + path, primaryKeys, primaryKeyField);
    }

    public void Dispose() => _http.Dispose();

    private static string ConnectionPath(Guid connectionId) =>
        "connections/" + connectionId.ToString("D", CultureInfo.InvariantCulture);

    private static RequestBody Json(object value) => RequestBody.Json(writer => Serializer.Serialize(writer, value));
}
