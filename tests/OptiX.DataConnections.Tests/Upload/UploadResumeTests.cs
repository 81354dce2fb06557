using System.Net.Http.Json;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Emulator;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Tests.Monetate;
using OptiX.DataConnections.Tests.Support;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

/// <summary>
/// Resume after every crash point, against the in-process emulator: a run is "killed" by dropping its engine where the
/// crash point says, and a second run with the same checkpoint must end with every record stored once, the batch
/// completed and the checkpoint deleted.
/// </summary>
public sealed class UploadResumeTests : IAsyncLifetime
{
    private const int Total = 5000;
    private RunningEmulator? _emulator;
    private string _directory = string.Empty;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0 });
        _directory = Directory.CreateTempSubdirectory("optix-resume").FullName;
    }

    public async Task DisposeAsync()
    {
        await _emulator!.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public enum CrashPoint
    {
        BeforeAnyAcknowledgement,
        AfterTwoOfFiveRequests,
        AfterARequestAppliedButNotSaved,
        AfterCompletionAppliedAnswerLost,
        StoppedInTheRetryAfterALostCompletion,
        AfterCompletionBeforeTheCheckpointWasDeleted,
    }

    [Theory]
    [InlineData(CrashPoint.BeforeAnyAcknowledgement, Total, false)]
    [InlineData(CrashPoint.AfterTwoOfFiveRequests, 3000, false)]
    [InlineData(CrashPoint.AfterARequestAppliedButNotSaved, 3000, false)]
    [InlineData(CrashPoint.AfterCompletionAppliedAnswerLost, 0, true)]
    [InlineData(CrashPoint.StoppedInTheRetryAfterALostCompletion, 0, true)]
    [InlineData(CrashPoint.AfterCompletionBeforeTheCheckpointWasDeleted, 0, true)]
    public async Task A_rerun_with_the_checkpoint_finishes_the_upload(CrashPoint crash, int sentByRerun, bool completedByPreviousRun)
    {
        using var client = TestClients.Client(_emulator!.BaseUri, TestClients.FastRetries(maxRetries: 0));
        var connection = await client.CreateConnectionAsync(new ConnectionDefinition { Name = "resume " + crash, PrimaryKey = "customer_id" }, CancellationToken.None);
        var input = Path.Combine(_directory, crash + ".csv");
        File.WriteAllText(input, "the input's identity for the checkpoint");
        var checkpoint = Path.Combine(_directory, crash + ".checkpoint.json");

        await FirstRunKilledAt(crash, connection, input, checkpoint);

        var (rerun, job) = Open(client, connection, input, checkpoint, CancellationToken.None);
        await Feed(rerun, job, 1, Total);
        var totals = await rerun.CompleteAsync();
        var deleted = job.Finish(rerun, ((OptiXUploadAdapter)rerun.Adapter).BatchId);

        Assert.True(totals.BatchCompleted);
        Assert.Equal(completedByPreviousRun, totals.CompletedByPreviousRun);
        Assert.Equal(sentByRerun, totals.RecordsSent);
        Assert.Equal(0, totals.RecordsFailed);
        Assert.True(deleted);
        Assert.False(File.Exists(checkpoint));
        var schema = await client.GetSchemaAsync(connection.ConnectionId, CancellationToken.None);
        Assert.Equal(Total, schema.RecordCount);
        Assert.Equal($"customer {Total}", (string?)(await client.QueryAsync(connection.ConnectionId, Total, null, CancellationToken.None))["name"]);
    }

    [Fact]
    public async Task A_monetate_upload_resumes_after_the_rows_already_stored()
    {
        var fixture = new MonetateEmulatorFixture();
        await fixture.InitializeAsync();
        try
        {
            using var client = fixture.Client();
            var schema = await client.CreateSchemaAsync(MonetateEmulatorFixture.CustomerSchema("resumed"), default);
            var input = Path.Combine(_directory, "monetate.csv");
            File.WriteAllText(input, "identity");
            var checkpoint = Path.Combine(_directory, "monetate.checkpoint.json");
            var target = $"monetate:{MonetateEmulatorFixture.Retailer}/resumed";

            var first = UploadJob.Open(checkpoint, target, [input]);
            var options = new UploadEngineOptions();
            first.Apply(options);
            var killed = MonetateUploadAdapter.Start(client, schema, options, false, default);
            for (var i = 1; i <= 2500; i++)
            {
                await killed.AddAsync(i, MonetateRecord(i));
            }

            await killed.WaitForRequestsAsync();
            killed.TakeFinished();
            first.Progress(killed, null);

            var job = UploadJob.Open(checkpoint, target, [input]);
            Assert.Equal(2000, job.Skip);
            var rerunOptions = new UploadEngineOptions();
            job.Apply(rerunOptions);
            var rerun = MonetateUploadAdapter.Start(client, schema, rerunOptions, false, default);
            for (var i = 1; i <= 3000; i++)
            {
                if (i > job.Skip)
                {
                    Assert.Null(await rerun.AddAsync(i, MonetateRecord(i)));
                }
            }

            var totals = await rerun.CompleteAsync();

            Assert.Equal(1000, totals.RecordsSent);
            Assert.True(job.Finish(rerun, null));
            Assert.False(File.Exists(checkpoint));
            Assert.Throws<CheckpointMismatchException>(() =>
            {
                File.WriteAllText(checkpoint, "{\"version\":2,\"target\":\"monetate:other/resumed\",\"inputs\":[],\"acknowledged_records\":1}");
                UploadJob.Open(checkpoint, target, [input]);
            });
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private async Task FirstRunKilledAt(CrashPoint crash, Connection connection, string input, string checkpoint)
    {
        using var stop = new CancellationTokenSource();
        var retries = crash == CrashPoint.StoppedInTheRetryAfterALostCompletion ? 5 : 0;
        using var client = TestClients.Client(_emulator!.BaseUri, TestClients.FastRetries(maxRetries: retries));
        client.Retrying += (_, _) => stop.Cancel();
        var (upload, job) = Open(client, connection, input, checkpoint, stop.Token);
        var batchId = ((OptiXUploadAdapter)upload.Adapter).BatchId;
        switch (crash)
        {
            case CrashPoint.BeforeAnyAcknowledgement:
                await Feed(upload, job, 1, 500);
                break;
            case CrashPoint.AfterTwoOfFiveRequests:
            case CrashPoint.AfterARequestAppliedButNotSaved:
                await Feed(upload, job, 1, crash == CrashPoint.AfterTwoOfFiveRequests ? 2500 : 3500);
                await upload.WaitForRequestsAsync();
                upload.TakeFinished();
                job.Progress(upload, batchId);
                if (crash == CrashPoint.AfterARequestAppliedButNotSaved)
                {
                    // Request 3 was applied; the run died before its acknowledgement reached the checkpoint.
                    var saved = JObject.Parse(File.ReadAllText(checkpoint));
                    Assert.Equal(3000, (long)saved["acknowledged_records"]!);
                    saved["acknowledged_records"] = 2000;
                    File.WriteAllText(checkpoint, saved.ToString());
                }

                break;
            case CrashPoint.AfterCompletionAppliedAnswerLost:
            case CrashPoint.StoppedInTheRetryAfterALostCompletion:
                await Feed(upload, job, 1, Total);
                await upload.WaitForRequestsAsync();
                await SetFaults("upload_data:dropafter=1");
                try
                {
                    await upload.CompleteAsync();
                }
                finally
                {
                    await SetFaults(string.Empty);
                }

                var lost = upload.TakeFinished().SelectMany(o => o.HandedBack).ToList();
                Assert.Equal(1000, lost.Count);
                Assert.False(upload.Totals.BatchCompleted);
                job.Finish(upload, batchId);
                break;
            case CrashPoint.AfterCompletionBeforeTheCheckpointWasDeleted:
                await Feed(upload, job, 1, Total);
                await upload.CompleteAsync();
                job.Progress(upload, batchId);
                Assert.True((bool)JObject.Parse(File.ReadAllText(checkpoint))["completed"]!);
                break;
        }
    }

    private static (UploadEngine Upload, UploadJob Job) Open(OptiXClient client, Connection connection, string input, string checkpoint, CancellationToken cancellationToken)
    {
        var job = UploadJob.Open(checkpoint, connection.ConnectionId.ToString("D"), [input]);
        var options = new UploadOptions
        {
            BatchSize = 1000,
            ThrottleLimit = 2,
            BatchId = job.BatchId,
            InputOffset = job.Skip,
            ResumingBatch = job.Resuming,
            CompletedEarlier = job.CompletedEarlier,
        };
        return (OptiXUploadAdapter.Start(client, connection, options, cancellationToken), job);
    }

    private static async Task Feed(UploadEngine upload, UploadJob job, int from, int to)
    {
        var batchId = ((OptiXUploadAdapter)upload.Adapter).BatchId;
        for (var i = from; i <= to; i++)
        {
            if (i <= job.Skip)
            {
                continue;
            }

            Assert.Null(await upload.AddAsync(i, UploadSessionTests.Record(i)));
            job.Progress(upload, batchId);
        }
    }

    private async Task SetFaults(string spec)
    {
        using var admin = new HttpClient { BaseAddress = _emulator!.RootUri };
        admin.DefaultRequestHeaders.Add("x-admin-key", _emulator.AdminKey);
        using var response = await admin.PutAsJsonAsync("/admin/faults", new { spec });
        response.EnsureSuccessStatusCode();
    }

    private static List<KeyValuePair<string, object?>> MonetateRecord(int i) =>
        [new("customer_id", $"m{i}"), new("lifetime_value", i)];
}
