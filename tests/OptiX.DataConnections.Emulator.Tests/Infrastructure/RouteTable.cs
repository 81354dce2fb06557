namespace OptiX.DataConnections.Emulator.Tests.Infrastructure;

/// <summary>Every API route with a body that is valid for it; <c>{c}</c> is a connection uuid, <c>{r}</c> a reference uuid.</summary>
public static class RouteTable
{
    private static readonly (string Method, string Path, string? Body)[] _routes =
    [
        ("POST", "/connections", """{"name":"n","primary_key":"user_id"}"""),
        ("GET", "/connections", null),
        ("GET", "/connections/{c}", null),
        ("PUT", "/connections/{c}", """{"name":"renamed"}"""),
        ("DELETE", "/connections/{c}", null),
        ("POST", "/connections/{c}/upload_data", """{"data":[{"user_id":1}]}"""),
        ("PUT", "/connections/{c}/update_data", """[{"primary_key":1,"data":{"user_id":1}}]"""),
        ("POST", "/connections/{c}/delete_data", """{"primary_keys":[1]}"""),
        ("POST", "/connections/{c}/query", """{"primary_key":1}"""),
        ("POST", "/connections/{c}/api_batch_query", """{"queries":[{"primary_key":1}]}"""),
        ("POST", "/connections/{c}/external-content/emarsys", """{"primary_key":1}"""),
        ("GET", "/connections/{c}/schema", null),
        ("POST", "/connections/{c}/references", """{"reference_type":"mail","reference_id":"m-1"}"""),
        ("GET", "/connections/{c}/references", null),
        ("DELETE", "/connections/{c}/references/{r}", null),
    ];

    public static TheoryData<string, string, string?> All => ToTheoryData(_routes);

    public static TheoryData<string, string, string?> ConnectionScoped =>
        ToTheoryData(_routes.Where(route => route.Path.Contains("{c}", StringComparison.Ordinal)));

    public static string Fill(string path, string connection, string? reference = null) =>
        path.Replace("{c}", connection, StringComparison.Ordinal)
            .Replace("{r}", reference ?? Guid.NewGuid().ToString(), StringComparison.Ordinal);

    public static Task<ApiResponse> SendAsync(this ApiClient client, string method, string path, string? body) =>
        client.SendAsync(new HttpMethod(method), path, body);

    private static TheoryData<string, string, string?> ToTheoryData(IEnumerable<(string Method, string Path, string? Body)> routes)
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var (method, path, body) in routes)
        {
            data.Add(method, path, body);
        }
        return data;
    }
}
