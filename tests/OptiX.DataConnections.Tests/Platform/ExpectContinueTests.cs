using System.Net;
using System.Text;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Tests.Support;

namespace OptiX.DataConnections.Tests.Platform;

public class ExpectContinueTests
{
    [Fact]
    public async Task Every_request_turns_Expect_100_continue_off()
    {
        var handler = new RecordingHandler();
        using var client = new OptiXClient(new Uri("http://127.0.0.1:9/"), TestClients.Credentials(), TestClients.FastRetries(), handler);

        _ = await client.GetConnectionsAsync(CancellationToken.None);

        // False, not absent: .NET Framework's handler sends the header unless the request says false.
        Assert.False(Assert.Single(handler.ExpectContinue));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<bool?> ExpectContinue { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ExpectContinue.Add(request.Headers.ExpectContinue);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]", Encoding.UTF8, "application/json") });
        }
    }
}
