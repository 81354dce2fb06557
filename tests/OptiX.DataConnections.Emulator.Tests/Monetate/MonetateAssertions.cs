using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

public static class MonetateAssertions
{
    /// <summary>Asserts the status and Monetate's error envelope; returns the first error message.</summary>
    public static string ExpectMonetateError(this ApiResponse response, HttpStatusCode status)
    {
        response.Expect(status);
        var json = response.Json;
        Assert.Equal((int)status, json["meta"]!["code"]!.GetValue<int>());
        Assert.Empty(json["meta"]!["warnings"]!.AsArray());
        var errors = json["meta"]!["errors"]!.AsArray();
        Assert.NotEmpty(errors);
        return errors[0]!.GetValue<string>();
    }

    public static Task<ApiResponse> PatchAsync(this ApiClient client, string path, object body) =>
        client.SendAsync(HttpMethod.Patch, path, body);
}
