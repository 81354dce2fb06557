using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

public static class MonetateAssertions
{
    /// <summary>
    /// Asserts the status and Monetate's error envelope (each error an object, as the spec's <c>ResponseMeta.errors</c>,
    /// with a <c>message</c>); returns the first error message.
    /// </summary>
    public static string ExpectMonetateError(this ApiResponse response, HttpStatusCode status)
    {
        response.Expect(status);
        var json = response.Json;
        Assert.Equal((int)status, json["meta"]!["code"]!.GetValue<int>());
        Assert.Empty(json["meta"]!["warnings"]!.AsArray());
        var errors = json["meta"]!["errors"]!.AsArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.IsType<System.Text.Json.Nodes.JsonObject>(error));
        return errors[0]!["message"]!.GetValue<string>();
    }

    /// <summary>The <c>field</c> the first error names (null when it names none).</summary>
    public static string? ErrorField(this ApiResponse response) =>
        response.Json["meta"]!["errors"]!.AsArray()[0]!["field"]?.GetValue<string>();

    public static Task<ApiResponse> PatchAsync(this ApiClient client, string path, object body) =>
        client.SendAsync(HttpMethod.Patch, path, body);
}
