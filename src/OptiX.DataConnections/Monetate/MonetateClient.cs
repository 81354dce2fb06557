using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;

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

    /// <summary>Pages the list answer can hold before the list is taken as endless (each page is a request).</summary>
    public const int MaxSchemaPages = 1000;

    /// <summary>Every schema: the list is followed through <c>meta.next</c> until it ends (a link seen twice is an error, not a loop).</summary>
    public async Task<IReadOnlyList<MonetateSchema>> GetSchemasAsync(CancellationToken cancellationToken)
    {
        var all = new List<MonetateSchema>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? path = "schema/";
        while (path is not null)
        {
            var route = $"GET /{path}";
            if (!seen.Add(path) || seen.Count > MaxSchemaPages)
            {
                throw AnswerJson.Unexpected(
                    route,
                    seen.Count > MaxSchemaPages
                        ? $"the schema list did not end within {MaxSchemaPages} pages of 'meta.next', so it is taken as a loop"
                        : $"the schema list's 'meta.next' leads back to a page already read ({path}), so it is taken as a loop",
                    null);
            }

            var response = await SendDataAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            var (schemas, next) = MonetateAnswers.SchemaPage(response, route);
            all.AddRange(schemas);
            path = next is null ? null : NextPagePath(next, route);
        }

        return all;
    }

    /// <summary>
    /// A <c>meta.next</c> link as a path under the Data API's base; a link elsewhere (another host, another API) is
    /// refused, so that the access token is never sent to it.
    /// </summary>
    private string NextPagePath(string next, string route)
    {
        if (!Uri.TryCreate(new Uri(_data.BaseUri, "schema/"), next, out var link))
        {
            throw AnswerJson.Unexpected(route, "its 'meta.next' is not a link", null);
        }

        var root = _data.BaseUri.AbsoluteUri;
        if (!link.AbsoluteUri.StartsWith(root, StringComparison.OrdinalIgnoreCase) || link.AbsoluteUri.Length == root.Length)
        {
            throw AnswerJson.Unexpected(
                route,
                $"its 'meta.next' leads outside the Data API ({link.GetLeftPart(UriPartial.Path)}); it is not followed, so that the token is not sent there",
                null);
        }

        return link.AbsoluteUri.Substring(root.Length);
    }

    public async Task<MonetateSchema> GetSchemaAsync(string name, CancellationToken cancellationToken)
    {
        var response = await SendDataAsync(HttpMethod.Get, SchemaPath(name), null, cancellationToken).ConfigureAwait(false);
        return MonetateAnswers.Schema(response, $"GET /{SchemaPath(name)}");
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
        return MonetateAnswers.Schema(response, "POST /schema/");
    }

    /// <summary>
    /// Adds fields to an existing schema (what the Data API allows for customer attribute datasets); answers the whole
    /// schema after the change (the PATCH answer holds only what changed, so the schema is read again).
    /// </summary>
    public Task<MonetateSchema> AddFieldsAsync(string name, IReadOnlyList<MonetateField> fields, CancellationToken cancellationToken) =>
        PatchAsync(name, Json(writer => MonetateSchema.WriteFields(writer, fields)), cancellationToken);

    /// <summary>Sets the schema's Identifier Name (<c>named_identifier</c>), without which Monetate refuses its data.</summary>
    public Task<MonetateSchema> SetNamedIdentifierAsync(string name, string namedIdentifier, CancellationToken cancellationToken) =>
        PatchAsync(
            name,
            Json(writer =>
            {
                writer.WritePropertyName("named_identifier");
                writer.WriteValue(namedIdentifier);
            }),
            cancellationToken);

    /// <summary>Deletes a schema with its data. The route is the emulator's: Monetate's published API has no DELETE.</summary>
    public Task DeleteSchemaAsync(string name, CancellationToken cancellationToken) =>
        SendDataAsync(HttpMethod.Delete, SchemaPath(name), null, cancellationToken);

    /// <summary>
    /// Posts rows already written by <see cref="MonetateRowsBodyWriter"/>; answers how many rows the service says it
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
    /// <returns>The rows found for the id (at least one; none is a <see cref="ServiceErrorKind.NotFound"/> error).</returns>
    public async Task<IReadOnlyList<System.Collections.Specialized.OrderedDictionary>> GetRecordAsync(string schema, string id, CancellationToken cancellationToken)
    {
        return await _pacer.RunAsync(
            async ct =>
            {
                var path = $"data/{Uri.EscapeDataString(schema)}/";
                var response = await SendDataAsync(HttpMethod.Get, $"{path}?id={Uri.EscapeDataString(id)}", null, ct).ConfigureAwait(false);
                return MonetateAnswers.Records(response, $"GET /{path}?id=", id);
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

    private async Task<MonetateSchema> PatchAsync(string name, RequestBody body, CancellationToken cancellationToken)
    {
        var response = await SendDataAsync(new HttpMethod("PATCH"), SchemaPath(name), body, cancellationToken).ConfigureAwait(false);
        return MonetateAnswers.PatchedSchema(response) ?? await GetSchemaAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A JSON object body whose properties <paramref name="writeProperties"/> writes.</summary>
    private static RequestBody Json(Action<JsonWriter> writeProperties) => RequestBody.Json(writer =>
    {
        writer.WriteStartObject();
        writeProperties(writer);
        writer.WriteEndObject();
    });
}
