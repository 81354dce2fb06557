using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Tests.Support;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

/// <summary>What happens to records when a request fails for good, against a scripted loopback server.</summary>
public class UploadFailureTests
{
    [Fact]
    public async Task A_failed_request_hands_its_records_back_and_leaves_the_batch_open()
    {
        var completedFlags = new List<bool>();
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            var body = JObject.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
            var records = (JArray)body["data"]!;
            lock (completedFlags)
            {
                completedFlags.Add((bool)body["batch_completed"]!);
            }

            if ((int)records[0]!["customer_id"]! == 3)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("""{"detail":"rejected for the test"}""");
                return;
            }

            await context.Response.WriteAsync($$"""{"status":"success","uploaded_records":{{records.Count}},"batch_completed":{{body["batch_completed"]!.ToString().ToLowerInvariant()}}}""");
        });
        using var client = TestClients.Client(server.BaseUri, TestClients.FastRetries(maxRetries: 1));
        var connection = new Connection { ConnectionId = Guid.NewGuid(), Name = "scripted", PrimaryKey = "customer_id" };
        var upload = OptiXUploadAdapter.Start(client, connection, new UploadOptions { BatchSize = 2, ThrottleLimit = 1 }, CancellationToken.None);

        for (var i = 1; i <= 7; i++)
        {
            await upload.AddAsync(i, UploadSessionTests.Record(i));
        }

        var summary = await upload.CompleteAsync();
        var failed = upload.TakeFinished().Where(r => !r.Succeeded).ToList();

        var failure = Assert.Single(failed);
        Assert.Equal(2, failure.RecordCount);
        Assert.Equal([3, 4], failure.HandedBack.Select(h => (int)h.Source!));
        Assert.All(failure.HandedBack, h => Assert.Equal(RefusalReason.RequestFailed, h.Reason));
        Assert.Contains("rejected for the test", failure.Error!.Message);
        Assert.Equal(2, summary.RecordsFailed);
        Assert.Equal(5, summary.RecordsSent);
        Assert.False(summary.BatchCompleted);
        Assert.DoesNotContain(true, completedFlags);
    }
}
