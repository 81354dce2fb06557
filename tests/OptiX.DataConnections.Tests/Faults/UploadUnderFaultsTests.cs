using Microsoft.AspNetCore.Http;
using OptiX.DataConnections.Emulator;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Tests.Support;
using OptiX.DataConnections.Tests.Upload;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Faults;

/// <summary>Uploads through the emulator's injected faults: throttling, server errors, dropped connections, latency.</summary>
public class UploadUnderFaultsTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Records_sent_through_20_percent_mixed_faults_arrive_exactly_once_in_one_completed_batch(int seed)
    {
        const int records = 100_000;
        var options = new EmulatorOptions
        {
            Port = 0,
            Faults = $"upload_data:429=0.04,500=0.04,503=0.04,drop=0.04,dropafter=0.04,retryafter=0,latency=0-20;seed={seed}",
        };
        await using var emulator = await EmulatorHost.StartAsync(options);
        using var client = TestClients.Client(emulator.BaseUri, TestClients.FastRetries(maxRetries: 20, budgetSeconds: 60));
        var retries = 0;
        client.Retrying += (_, _) => Interlocked.Increment(ref retries);
        var connection = await client.CreateConnectionAsync(new ConnectionDefinition { Name = "faults", PrimaryKey = "customer_id" }, CancellationToken.None);
        var upload = OptiXUploadAdapter.Start(client, connection, new UploadOptions { BatchSize = 1000, ThrottleLimit = 4 }, CancellationToken.None);

        for (var i = 1; i <= records; i++)
        {
            Assert.Null(await upload.AddAsync(i, UploadSessionTests.Record(i)));
        }

        var summary = await upload.CompleteAsync();

        Assert.True(retries > 0, "the faults were not injected");
        Assert.Equal(records, summary.RecordsSent);
        Assert.Equal(0, summary.RecordsFailed);
        Assert.Equal(100, summary.Requests);
        Assert.True(summary.BatchCompleted);
        var schema = await client.GetSchemaAsync(connection.ConnectionId, CancellationToken.None);
        Assert.Equal(records, schema.RecordCount);
        var last = await client.QueryAsync(connection.ConnectionId, records, null, CancellationToken.None);
        Assert.Equal($"customer {records}", (string?)last["name"]);
    }

    [Fact]
    public async Task A_completing_request_whose_answer_is_lost_still_counts_as_completed()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                // Applied, then the connection drops before the answer.
                context.Abort();
                return;
            }

            context.Response.StatusCode = 409;
            await context.Response.WriteAsync("""{"detail":"Batch is already completed; start a new batch_uuid"}""");
        });
        using var client = TestClients.Client(server.BaseUri, TestClients.FastRetries(maxRetries: 2));
        var connection = new Connection { ConnectionId = Guid.NewGuid(), Name = "lost answer", PrimaryKey = "customer_id" };
        var upload = OptiXUploadAdapter.Start(client, connection, new UploadOptions(), CancellationToken.None);
        await upload.AddAsync(1, UploadSessionTests.Record(1));

        var summary = await upload.CompleteAsync();

        Assert.Equal(2, server.Requests);
        Assert.True(summary.BatchCompleted);
        Assert.Equal(1, summary.RecordsSent);
    }

    [Fact]
    public async Task When_retries_run_out_the_records_are_handed_back_and_the_batch_stays_open()
    {
        var options = new EmulatorOptions { Port = 0, Faults = "upload_data:503=1;seed=1" };
        await using var emulator = await EmulatorHost.StartAsync(options);
        using var client = TestClients.Client(emulator.BaseUri, TestClients.FastRetries(maxRetries: 2));
        var connection = await client.CreateConnectionAsync(new ConnectionDefinition { Name = "down", PrimaryKey = "customer_id" }, CancellationToken.None);
        var upload = OptiXUploadAdapter.Start(client, connection, new UploadOptions { BatchSize = 2 }, CancellationToken.None);
        for (var i = 1; i <= 5; i++)
        {
            await upload.AddAsync(i, UploadSessionTests.Record(i));
        }

        var summary = await upload.CompleteAsync();
        var failed = upload.TakeFinished().Where(r => !r.Succeeded).SelectMany(r => r.HandedBack.Select(h => h.Source!)).Cast<int>().OrderBy(i => i);

        Assert.Equal([1, 2, 3, 4, 5], failed);
        Assert.Equal(5, summary.RecordsFailed);
        Assert.False(summary.BatchCompleted);
    }
}
