using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Tests.Support;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

/// <summary>Uploads through the emulator over loopback HTTP.</summary>
public class UploadSessionTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public UploadSessionTests(EmulatorFixture emulator) => _emulator = emulator;

    [Theory]
    [InlineData(12_345, 5000, 3)]
    [InlineData(10_000, 5000, 2)]
    [InlineData(1, 5000, 1)]
    [InlineData(7, 2, 4)]
    public async Task Records_are_split_into_requests_of_at_most_the_batch_size(int records, int batchSize, int requests)
    {
        using var client = TestClients.Client(_emulator.BaseUri);
        var connection = await NewConnection(client);
        var upload = OptiXUploadAdapter.Start(client, connection, new UploadOptions { BatchSize = batchSize }, CancellationToken.None);

        for (var i = 1; i <= records; i++)
        {
            Assert.Null(await upload.AddAsync(i, Record(i)));
        }

        var summary = await upload.CompleteAsync();

        Assert.Equal(requests, summary.Requests);
        Assert.Equal(records, summary.RecordsSent);
        Assert.True(summary.BatchCompleted);
        var results = upload.TakeFinished();
        Assert.Equal(requests, results.Count);
        Assert.True(results.Last().CompletesBatch);
        Assert.Single(results, r => r.CompletesBatch);
        var last = await client.QueryAsync(connection.ConnectionId, records.ToString(), null, CancellationToken.None);
        Assert.Equal($"customer {records}", (string?)last["name"]);
    }

    [Fact]
    public async Task Nothing_is_visible_until_the_completing_request_lands()
    {
        using var client = TestClients.Client(_emulator.BaseUri);
        var connection = await NewConnection(client);
        var upload = OptiXUploadAdapter.Start(client, connection, new UploadOptions { BatchSize = 10, ThrottleLimit = 1 }, CancellationToken.None);
        for (var i = 1; i <= 25; i++)
        {
            await upload.AddAsync(i, Record(i));
        }

        // Two full requests have gone out (the second may still be in flight); the last five wait for completion.
        while (upload.Totals.RecordsSent < 10)
        {
            upload.TakeFinished();
            await Task.Delay(10);
        }

        var hidden = await Assert.ThrowsAsync<ServiceException>(() => client.QueryAsync(connection.ConnectionId, 1, null, CancellationToken.None));
        Assert.Equal(ServiceErrorKind.NotFound, hidden.Kind);

        await upload.CompleteAsync();
        var visible = await client.QueryAsync(connection.ConnectionId, 1, null, CancellationToken.None);
        Assert.Equal("customer 1", (string?)visible["name"]);
    }

    [Fact]
    public async Task A_record_without_the_primary_key_is_refused_and_not_sent()
    {
        using var client = TestClients.Client(_emulator.BaseUri);
        var connection = await NewConnection(client);
        var upload = OptiXUploadAdapter.Start(client, connection, new UploadOptions(), CancellationToken.None);

        var problem = await upload.AddAsync("x", [new("name", "no key")]);
        await upload.AddAsync(1, Record(1));
        var summary = await upload.CompleteAsync();

        Assert.Equal("The record has no primary key field 'customer_id'.", problem!.Message);
        Assert.Equal(RefusalReason.MissingPrimaryKey, problem.Reason);
        Assert.Equal(1, summary.RecordsRejected);
        Assert.Equal(1, summary.RecordsSent);
    }

    [Fact]
    public async Task A_dry_run_counts_without_sending()
    {
        using var client = TestClients.Client(_emulator.BaseUri);
        var connection = await NewConnection(client);
        var upload = OptiXUploadAdapter.Start(null, connection, new UploadOptions { DryRun = true, BatchSize = 100 }, CancellationToken.None);
        for (var i = 1; i <= 250; i++)
        {
            await upload.AddAsync(i, Record(i));
        }

        var summary = await upload.CompleteAsync();

        Assert.Equal(3, summary.Requests);
        Assert.False(summary.BatchCompleted);
        await Assert.ThrowsAsync<ServiceException>(() => client.QueryAsync(connection.ConnectionId, 1, null, CancellationToken.None));
    }

    [Fact]
    public async Task An_open_batch_from_an_earlier_run_can_be_completed()
    {
        using var client = TestClients.Client(_emulator.BaseUri);
        var connection = await NewConnection(client);
        var batchId = Guid.NewGuid();
        var first = OptiXUploadAdapter.Start(client, connection, new UploadOptions { BatchSize = 1, BatchId = batchId }, CancellationToken.None);
        await first.AddAsync(1, Record(1));
        await first.AddAsync(2, Record(2));
        await first.TakeFinishedAfterAllSent();

        var second = OptiXUploadAdapter.Start(client, connection, new UploadOptions { BatchId = batchId }, CancellationToken.None);
        await second.AddAsync(2, Record(2));
        var summary = await second.CompleteAsync();

        Assert.True(summary.BatchCompleted);
        Assert.Equal(batchId, UploadSummary.Of(second).BatchId);
        Assert.Equal("customer 1", (string?)(await client.QueryAsync(connection.ConnectionId, 1, null, CancellationToken.None))["name"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5001)]
    public void Batch_sizes_outside_the_service_limit_are_refused(int batchSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new UploadOptions { BatchSize = batchSize }.Validate());
        Assert.Contains("5000", error.Message);
    }

    internal static List<KeyValuePair<string, object?>> Record(int i) =>
        [new("customer_id", i), new("name", $"customer {i}"), new("tier", i % 2 == 0 ? "gold" : "silver")];

    private static Task<Connection> NewConnection(OptiXClient client) =>
        client.CreateConnectionAsync(new ConnectionDefinition { Name = "test " + Guid.NewGuid(), PrimaryKey = "customer_id" }, CancellationToken.None);
}

internal static class UploadSessionTestExtensions
{
    /// <summary>Waits until every request submitted so far has ended, without completing the batch.</summary>
    public static async Task TakeFinishedAfterAllSent(this UploadEngine upload)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (upload.Totals.RecordsSent + upload.Totals.RecordsFailed < upload.Totals.Requests && DateTime.UtcNow < deadline)
        {
            upload.TakeFinished();
            await Task.Delay(10);
        }
    }
}
