using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Records;

namespace OptiX.DataConnections.Monetate;

/// <summary>
/// The Monetate Auth API and Data API over the shared HTTP core: one client signs JWTs for the refresh endpoint,
/// the other sends the cached access token on every Data API call.
/// </summary>
public sealed class MonetateClient : IDisposable
{
    public static readonly Uri ProductionBaseUri = new("https://api.monetate.net");
    public const int DefaultTokenLifetimeSeconds = 3600;
    public const int MinTokenLifetimeSeconds = 600;
    public const int MaxTokenLifetimeSeconds = 43200;

    private readonly ServiceHttpClient _auth;
    private readonly ServiceHttpClient _data;
    private readonly TimeProvider _time;
    private readonly int _tokenLifetimeSeconds;
    private readonly MonetateSpotCheckPacer _pacer;

    public MonetateClient(Uri baseUri, string retailer, MonetateCredentials credentials, ResilienceSettings resilience, int tokenLifetimeSeconds = DefaultTokenLifetimeSeconds)
        : this(baseUri, retailer, credentials, resilience, tokenLifetimeSeconds, null)
    {
    }

    // TimeProvider stays off the public surface: the cmdlets, in PowerShell's default load context, could not bind it.
    internal MonetateClient(
        Uri baseUri,
        string retailer,
        MonetateCredentials credentials,
        ResilienceSettings resilience,
        int tokenLifetimeSeconds,
        TimeProvider? time)
    {
        if (tokenLifetimeSeconds is < MinTokenLifetimeSeconds or > MaxTokenLifetimeSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(tokenLifetimeSeconds), $"A token lives from {MinTokenLifetimeSeconds} to {MaxTokenLifetimeSeconds} seconds.");
        }

        Retailer = retailer;
        _time = time ?? TimeProvider.System;
        _tokenLifetimeSeconds = tokenLifetimeSeconds;
        var errors = new MonetateErrorTranslator();
        _auth = new ServiceHttpClient(baseUri, credentials, errors, resilience);
        Tokens = new MonetateTokenCache(RefreshTokenAsync, _time);
        var dataBase = new Uri(_auth.BaseUri, $"api/data/v1/{Uri.EscapeDataString(retailer)}/production/");
        _data = new ServiceHttpClient(dataBase, Tokens, errors, resilience);
        _pacer = MonetateSpotCheckPacer.For(_auth.BaseUri, credentials.ApiUser);
    }

    /// <summary>Raised before each retry of any call, on whatever thread the call runs.</summary>
    public event EventHandler<RetryNotice>? Retrying
    {
        add
        {
            _auth.Retrying += value;
            _data.Retrying += value;
        }

        remove
        {
            _auth.Retrying -= value;
            _data.Retrying -= value;
        }
    }

    public string Retailer { get; }

    public Uri DataApiUri => _data.BaseUri;

    public MonetateTokenCache Tokens { get; }

    /// <summary>Trades a freshly signed JWT for an access token (the token cache calls this when needed).</summary>
    public async Task<MonetateToken> RefreshTokenAsync(CancellationToken cancellationToken)
    {
        var response = await _auth.SendAsync(HttpMethod.Get, $"api/auth/v0/refresh/?ttl={_tokenLifetimeSeconds}", null, cancellationToken).ConfigureAwait(false);
        var data = response.Body?["data"] as JObject;
        var value = (string?)data?["token"];
        if (data is null || string.IsNullOrEmpty(value))
        {
            throw new ServiceException(ServiceErrorKind.InvalidRequest, "The Auth API answered without a token.", "GET /api/auth/v0/refresh/", response.StatusCode);
        }

        var receivedAt = _time.GetUtcNow();
        var expiresIn = (double?)data["expires_in"] ?? _tokenLifetimeSeconds;
        var expiresAt = receivedAt.AddSeconds(expiresIn);
        if ((double?)data["expires_at"] is { } serverExpiry)
        {
            var stated = DateTimeOffset.FromUnixTimeMilliseconds((long)(serverExpiry * 1000));
            expiresAt = stated < expiresAt ? stated : expiresAt;
        }

        return new MonetateToken(value!, receivedAt, expiresAt);
    }

    public async Task<IReadOnlyList<MonetateSchema>> GetSchemasAsync(CancellationToken cancellationToken)
    {
        var response = await SendDataAsync(HttpMethod.Get, "schema/", null, cancellationToken).ConfigureAwait(false);
        return (response.Body?["data"] as JArray)?.OfType<JObject>().Select(MonetateSchema.FromJson).ToList() ?? [];
    }

    public async Task<MonetateSchema> GetSchemaAsync(string name, CancellationToken cancellationToken)
    {
        var response = await SendDataAsync(HttpMethod.Get, SchemaPath(name), null, cancellationToken).ConfigureAwait(false);
        return SchemaFrom(response);
    }

    /// <summary>Creates a schema. Monetate advises its UI for customer attribute datasets; this serves rehearsals and other dataset types.</summary>
    public async Task<MonetateSchema> CreateSchemaAsync(MonetateSchema schema, CancellationToken cancellationToken)
    {
        var body = Json(writer =>
        {
            writer.WritePropertyName("name");
            writer.WriteValue(schema.Name);
            writer.WritePropertyName("type");
            writer.WriteValue(schema.Type);
            MonetateSchema.WriteFields(writer, schema.Fields);
            if (schema.NamedIdentifier is not null)
            {
                writer.WritePropertyName("named_identifier");
                writer.WriteValue(schema.NamedIdentifier);
            }
        });
        var response = await SendDataAsync(HttpMethod.Post, "schema/", body, cancellationToken).ConfigureAwait(false);
        return SchemaFrom(response);
    }

    /// <summary>Adds fields to an existing schema (what the Data API allows for customer attribute datasets).</summary>
    public async Task<MonetateSchema> AddFieldsAsync(string name, IReadOnlyList<MonetateField> fields, CancellationToken cancellationToken)
    {
        var body = Json(writer => MonetateSchema.WriteFields(writer, fields));
        var response = await SendDataAsync(new HttpMethod("PATCH"), SchemaPath(name), body, cancellationToken).ConfigureAwait(false);
        return SchemaFrom(response);
    }

    public Task DeleteSchemaAsync(string name, CancellationToken cancellationToken) =>
        SendDataAsync(HttpMethod.Delete, SchemaPath(name), null, cancellationToken);

    /// <summary>
    /// Posts rows already written by <see cref="MonetateUploadAdapter"/>; answers how many rows the service says it
    /// took (its answer echoes the rows), or null when the answer does not say.
    /// </summary>
    public async Task<int?> PostRowsAsync(string schema, RequestBody rows, CancellationToken cancellationToken)
    {
        var response = await SendDataAsync(HttpMethod.Post, $"data/{Uri.EscapeDataString(schema)}/", rows, cancellationToken).ConfigureAwait(false);
        return response.Body?["data"] switch
        {
            JArray echoed => echoed.Count,
            JObject data when data["schema_rows"] is JArray echoed => echoed.Count,
            JObject data when data["schema_rows_count"] is JValue { Type: JTokenType.Integer } count => (int)count,
            _ => null,
        };
    }

    /// <summary>
    /// Reads one record for a manual spot check. Calls are spaced at least a second apart (the endpoint's limit), and
    /// the vendor forbids using it for bulk reads or automation.
    /// </summary>
    public async Task<System.Collections.Specialized.OrderedDictionary> GetRecordAsync(string schema, string id, CancellationToken cancellationToken)
    {
        return await _pacer.RunAsync(
            async ct =>
            {
                var response = await SendDataAsync(HttpMethod.Get, $"data/{Uri.EscapeDataString(schema)}/?id={Uri.EscapeDataString(id)}", null, ct).ConfigureAwait(false);
                return response.Body?["data"] is JObject { Count: > 0 } record
                    ? PlainJson.Object(record)
                    : throw new ServiceException(ServiceErrorKind.NotFound, $"The Data API answered no record for id '{id}'.", $"GET /data/{schema}/", response.StatusCode);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _data.Dispose();
        _auth.Dispose();
        Tokens.Dispose();
    }

    /// <summary>A Data API call; a refused token (expired early, or issued before a restart) is replaced once.</summary>
    private async Task<ServiceResponse> SendDataAsync(HttpMethod method, string path, RequestBody? body, CancellationToken cancellationToken)
    {
        try
        {
            return await _data.SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.Unauthorized && !ex.Route.Contains("/auth/"))
        {
            Tokens.Invalidate();
            return await _data.SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string SchemaPath(string name) => $"schema/{Uri.EscapeDataString(name)}/";

    private static MonetateSchema SchemaFrom(ServiceResponse response) =>
        response.Body?["data"] is JObject json
            ? MonetateSchema.FromJson(json)
            : throw new ServiceException(ServiceErrorKind.InvalidRequest, "The Data API answered without a schema.", "schema", response.StatusCode);

    /// <summary>A JSON object body whose properties <paramref name="writeProperties"/> writes.</summary>
    private static RequestBody Json(Action<JsonWriter> writeProperties) => RequestBody.Json(writer =>
    {
        writer.WriteStartObject();
        writeProperties(writer);
        writer.WriteEndObject();
    });
}
