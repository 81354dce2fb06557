using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>How bodies are read: the Content-Type, names twice in an object, and the memory bodies may hold at once.</summary>
public sealed class BodyReadingTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_name_twice_in_a_record_is_a_422_naming_the_name_at_its_path()
    {
        var connection = await fixture.Main.CreateConnectionAsync();

        var response = await fixture.Main.UploadAsync(connection, """{"data":[{"user_id":"a"},{"user_id":"b","tier":"x","tier":"y"}]}""");

        response.ExpectValidationErrorAt("body", "data", 1, "tier");
        Assert.Contains("duplicate key 'tier'", response.Body);
        (await fixture.Main.QueryAsync(connection, "a")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_sent_as_text_plain_is_a_422_that_names_the_content_type()
    {
        var connection = await fixture.Main.CreateConnectionAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.Emulator.BaseUri}/connections/{connection}/upload_data")
        {
            Content = new StringContent("""{"data":[{"user_id":"a"}]}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("x-api-key", TestBrands.Main.ApiKey);
        request.Headers.Add("x-brand-key", TestBrands.Main.BrandKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Content-Type is 'text/plain", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_that_does_not_fit_the_memory_left_waits_and_then_is_a_503_with_Retry_After()
    {
        var options = TestBrands.Options();
        options.MaxBodyMemoryBytes = 3 * 1024 * 1024;
        options.MaxBodyWait = TimeSpan.FromSeconds(1);
        await using var emulator = await EmulatorHost.StartAsync(options);
        using var api = new ApiClient(emulator.BaseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
        var connection = await api.CreateConnectionAsync();
        var body = Encoding.UTF8.GetBytes("{\"data\":[{\"user_id\":\"slow\",\"text\":\"" + new string('x', 1024 * 1024) + "\"}]}");

        // The first body (1 MiB, priced 3 MiB) arrives slowly and holds all of the budget while it does.
        var release = new TaskCompletionSource();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var slow = SendAsync(http, new SlowContent(body, release.Task));
        await WaitUntilAsync(() => emulator.BodyBudget.Reserved > 0);

        var refused = await api.UploadAsync(connection, new { data = new[] { new { user_id = "fast" } } });

        refused.Expect(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("2", refused.Headers["retry-after"]);
        release.SetResult();
        using var first = await slow;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        (await api.UploadAsync(connection, new { data = new[] { new { user_id = "fast" } } })).Expect(HttpStatusCode.OK);
        Assert.Equal(0, emulator.BodyBudget.Reserved);

        Task<HttpResponseMessage> SendAsync(HttpClient client, HttpContent content)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, $"{emulator.BaseUri}/connections/{connection}/upload_data") { Content = content };
            request.Headers.Add("x-api-key", TestBrands.Main.ApiKey);
            request.Headers.Add("x-brand-key", TestBrands.Main.BrandKey);
            return client.SendAsync(request);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 30 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>Sends the first half of the body, then the rest once <c>release</c> completes; the length is declared.</summary>
    private sealed class SlowContent(byte[] body, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
