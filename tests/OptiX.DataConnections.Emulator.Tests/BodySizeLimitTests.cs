using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class BodySizeLimitTests
{
    [Fact]
    public void The_default_limit_is_64_MiB()
    {
        Assert.Equal(64L * 1024 * 1024, new EmulatorOptions().MaxRequestBodyBytes);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var options = TestBrands.Options();
        options.MaxRequestBodyBytes = 16 * 1024;
        await using var emulator = await EmulatorHost.StartAsync(options);
        using var api = new ApiClient(emulator.BaseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
        var connection = await api.CreateConnectionAsync();

        var response = await api.UploadAsync(connection, new { data = new[] { new { user_id = 1, text = new string('x', 32 * 1024) } } });

        response.Expect(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("too large", response.Detail, StringComparison.OrdinalIgnoreCase);
        (await api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
    }
}
