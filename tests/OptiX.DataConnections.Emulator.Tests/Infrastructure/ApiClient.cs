using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Tests.Infrastructure;

/// <summary>Loopback HTTP to one emulator, with a brand's credential headers on every request.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _baseUri;

    public ApiClient(Uri baseUri, string brandKey, string apiKey)
        : this(baseUri, ("x-brand-key", brandKey), ("x-api-key", apiKey))
    {
    }

    public ApiClient(Uri baseUri, params (string Name, string Value)[] headers)
    {
        _baseUri = baseUri.ToString().TrimEnd('/');
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        foreach (var (name, value) in headers)
        {
            _http.DefaultRequestHeaders.Add(name, value);
        }
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    /// <summary>A string body is sent as is (raw JSON, possibly malformed); anything else is serialized.</summary>
    public Task<ApiResponse> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public Task<ApiResponse> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, _baseUri + path);
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }
        using var response = await _http.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(
            header => header.Key.ToLowerInvariant(), header => string.Join(",", header.Value), StringComparer.Ordinal);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync()) { Headers = headers };
    }

    public async Task<string> CreateConnectionAsync(string primaryKey = "user_id", string name = "test connection")
    {
        var response = await PostAsync("/connections", new { name, primary_key = primaryKey });
        return response.Expect(HttpStatusCode.Created).Json["data_connection_uuid"]!.GetValue<string>();
    }

    /// <summary>Creates an API-based connection (asserting 201); <paramref name="details"/> is external_api_details.</summary>
    public async Task<string> CreateApiConnectionAsync(object details, string primaryKey = "id", string name = "api connection")
    {
        var response = await PostAsync("/connections", new { name, primary_key = primaryKey, external_api_details = details });
        return response.Expect(HttpStatusCode.Created).Json["data_connection_uuid"]!.GetValue<string>();
    }

    public Task<ApiResponse> UploadAsync(string connection, object body) =>
        PostAsync($"/connections/{connection}/upload_data", body);

    /// <summary>Uploads records as one completed batch and asserts success.</summary>
    public async Task UploadRecordsAsync(string connection, params object[] records) =>
        (await UploadAsync(connection, new { data = records })).Expect(HttpStatusCode.OK);

    public Task<ApiResponse> QueryAsync(string connection, object primaryKey) =>
        PostAsync($"/connections/{connection}/query", new { primary_key = primaryKey });

    public void Dispose() => _http.Dispose();
}
