using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Tests.Support;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

/// <summary>The engine against scripted loopback servers: splits by bytes and by 413, poison isolation, fail fast, any exception.</summary>
public class UploadEngineTests
{
    private static readonly Connection Scripted = new() { ConnectionId = Guid.NewGuid(), Name = "scripted", PrimaryKey = "customer_id" };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Poison_records_among_5000_are_isolated_and_the_rest_stored_once_in_a_completed_batch(int poisons)
    {
        var poisoned = Enumerable.Range(0, poisons).Select(i => 1 + (i * 1777)).ToHashSet();
        var store = new ScriptedStore();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var body = await store.ReadAsync(context);
            if (body.Keys.Any(k => poisoned.Contains(int.Parse(k))))
            {
                await Answer(context, 422, """{"detail":[{"loc":["body","data"],"msg":"value is not valid","type":"value_error"}]}""");
                return;
            }

            await store.AcceptAsync(context, body);
        });
        using var client = TestClients.Client(server.BaseUri);
        using var upload = OptiXUploadAdapter.Start(client, Scripted, new UploadOptions(), CancellationToken.None);

        var handedBack = await SendAll(upload, 5000);

        Assert.Equal(poisoned.OrderBy(i => i), handedBack.Select(h => (int)h.Source!).OrderBy(i => i));
        Assert.All(handedBack, h => Assert.Equal(RefusalReason.RefusedByService, h.Reason));
        Assert.All(handedBack, h => Assert.Contains("value is not valid", h.Message));
        Assert.Equal(5000 - poisons, upload.Totals.RecordsSent);
        Assert.Equal(poisons, upload.Totals.RecordsRejected);
        Assert.True(upload.Totals.BatchCompleted);
        Assert.Equal(5000 - poisons, store.Staged.Count);
        Assert.All(store.Staged.Values, count => Assert.Equal(1, count));
        Assert.True(store.Completions == 1, $"{store.Completions} completing requests");
        Assert.InRange(server.Requests, 2, 2 + (poisons * 2 * 14));
    }

    [Fact]
    public async Task A_413_halves_the_request_until_the_halves_fit()
    {
        var store = new ScriptedStore();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var body = await store.ReadAsync(context);
            if (body.Length > 20_000)
            {
                await Answer(context, 413, """{"detail":"Request Entity Too Large"}""");
                return;
            }

            await store.AcceptAsync(context, body);
        });
        using var client = TestClients.Client(server.BaseUri);
        using var upload = OptiXUploadAdapter.Start(client, Scripted, new UploadOptions { BatchSize = 1000 }, CancellationToken.None);

        var handedBack = await SendAll(upload, 3000);

        Assert.Empty(handedBack);
        Assert.Equal(3000, upload.Totals.RecordsSent);
        Assert.True(upload.Totals.BatchCompleted);
        Assert.Equal(3000, store.Staged.Count);
        Assert.All(store.Staged.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Requests_close_at_the_byte_budget_and_a_record_larger_than_it_is_refused_alone()
    {
        var store = new ScriptedStore();
        var largest = 0;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var body = await store.ReadAsync(context);
            InterlockedMax(ref largest, body.Length);
            await store.AcceptAsync(context, body);
        });
        using var client = TestClients.Client(server.BaseUri);
        using var upload = OptiXUploadAdapter.Start(client, Scripted, new UploadOptions { MaxRequestBytes = 10_000 }, CancellationToken.None);

        var handedBack = new List<HandedBackRecord>();
        for (var i = 1; i <= 500; i++)
        {
            if (await upload.AddAsync(i, UploadSessionTests.Record(i)) is { } refused)
            {
                handedBack.Add(refused);
            }

            if (i == 250 && await upload.AddAsync("big", [new("customer_id", "big"), new("blob", new string('x', 20_000))]) is { } big)
            {
                handedBack.Add(big);
            }
        }

        await upload.CompleteAsync();
        handedBack.AddRange(upload.TakeFinished().SelectMany(o => o.HandedBack));

        var tooLarge = Assert.Single(handedBack);
        Assert.Equal("big", tooLarge.Source);
        Assert.Equal(RefusalReason.TooLarge, tooLarge.Reason);
        Assert.InRange(largest, 1, 10_000);
        Assert.True(upload.Totals.Requests >= 3, $"{upload.Totals.Requests} requests");
        Assert.Equal(500, store.Staged.Count);
        Assert.True(upload.Totals.BatchCompleted);
    }

    [Fact]
    public async Task With_the_service_unreachable_the_rest_fail_at_once_and_every_record_is_handed_back()
    {
        var deadPort = DeadLoopbackPort();
        var resilience = new ResilienceSettings
        {
            MaxRetries = 1000,
            BaseDelay = TimeSpan.FromMilliseconds(50),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryTime = TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(1),
        };
        using var client = TestClients.Client(new Uri($"http://127.0.0.1:{deadPort}/api/data-connections/v1"), resilience);
        using var upload = OptiXUploadAdapter.Start(client, Scripted, new UploadOptions { BatchSize = 10, ThrottleLimit = 4 }, CancellationToken.None);
        var clock = Stopwatch.StartNew();

        var handedBack = await SendAll(upload, 1000);

        // One budget (2 s) for the first requests, not one per request (100 requests, 4 at a time: 50 s).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Equal(Enumerable.Range(1, 1000), handedBack.Select(h => (int)h.Source!).OrderBy(i => i));
        Assert.All(handedBack, h => Assert.Equal(RefusalReason.ServiceUnreachable, h.Reason));
        Assert.True(upload.Unreachable);
        Assert.Equal(0, upload.Totals.RecordsSent);
        Assert.Equal(1000, upload.Totals.RecordsFailed);
        Assert.True(upload.Totals.Requests <= 8, $"{upload.Totals.Requests} requests");
    }

    [Fact]
    public async Task Every_record_is_acknowledged_or_handed_back_exactly_once_whatever_the_answers()
    {
        // Answers in turn: fine, 500, garbage, a short count, an unreadable count, 422, 413, a dropped connection.
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            var body = JObject.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
            var count = ((JArray)body["data"]!).Count;
            switch (n % 8)
            {
                case 1:
                    await Answer(context, 500, """{"detail":"boom"}""");
                    break;
                case 2:
                    await Answer(context, 200, "this is not json {");
                    break;
                case 3:
                    await Answer(context, 200, $$"""{"uploaded_records":{{Math.Max(0, count - 1)}},"batch_completed":false}""");
                    break;
                case 4:
                    await Answer(context, 200, """{"uploaded_records":"many"}""");
                    break;
                case 5:
                    await Answer(context, 422, """{"detail":"refused"}""");
                    break;
                case 6:
                    await Answer(context, 413, """{"detail":"too large"}""");
                    break;
                case 7:
                    context.Abort();
                    break;
                default:
                    await Answer(context, 200, $$"""{"uploaded_records":{{count}},"batch_completed":{{body["batch_completed"]!.ToString().ToLowerInvariant()}}}""");
                    break;
            }
        });
        using var client = TestClients.Client(server.BaseUri, TestClients.FastRetries(maxRetries: 0));
        var adapter = new ThrowingAdapter(new OptiXUploadAdapter(client, Scripted, Guid.NewGuid(), null));
        using var upload = new UploadEngine(adapter, new UploadEngineOptions { BatchSize = 50, ThrottleLimit = 3 }, CancellationToken.None);

        var handedBack = await SendAll(upload, 2000);

        var handedBackIds = handedBack.Select(h => (int)h.Source!).ToList();
        Assert.Equal(handedBackIds.Count, handedBackIds.Distinct().Count());
        Assert.Equal(2000, upload.Totals.RecordsSent + upload.Totals.RecordsRejected + upload.Totals.RecordsFailed);
        Assert.Equal(2000 - handedBackIds.Count, upload.Totals.RecordsSent);
        Assert.Contains(handedBack, h => h.Reason == RefusalReason.NotAcknowledged);
        Assert.Contains(handedBack, h => h.Reason == RefusalReason.RequestFailed && h.Error is not ServiceException);
        Assert.False(upload.Totals.BatchCompleted);
    }

    [Fact]
    public async Task Refused_keys_of_an_update_or_delete_are_isolated_and_a_lone_400_means_not_found()
    {
        var missing = new HashSet<string> { "7", "4242" };
        var deleted = new ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var keys = ((JArray)JObject.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())["primary_keys"]!).Select(k => k.ToString()).ToList();
            if (keys.Any(missing.Contains))
            {
                await Answer(context, 400, """{"detail":"Invalid primary key"}""");
                return;
            }

            keys.ForEach(deleted.Add);
            await Answer(context, 200, $$"""{"deleted_records":{{keys.Count}}}""");
        });
        using var client = TestClients.Client(server.BaseUri);
        var items = Enumerable.Range(1, 5000).Select(i => new DataConnections.Records.KeyedItem(i.ToString(), i, i)).ToList();

        var outcome = await DataConnections.Records.KeyedBatch.SendAsync(items, batch => client.DeleteRecordsAsync(Scripted.ConnectionId, batch.Select(b => b.KeyValue), CancellationToken.None), retriedMissingMeansGone: true);

        Assert.Equal(["4242", "7"], outcome.NotFound.Select(i => i.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(4998, outcome.Changed);
        Assert.Equal(4998, deleted.Distinct().Count());
        Assert.Equal(4998, deleted.Count);
        Assert.Empty(outcome.Failed);
        Assert.InRange(outcome.Requests, 3, 2 + (2 * 2 * 14));
    }

    [Theory]
    [InlineData(403, """{"detail":"Forbidden"}""", ServiceErrorKind.Forbidden)]
    [InlineData(422, """{"detail":[{"loc":["header","x-api-key"],"msg":"field required"}]}""", ServiceErrorKind.Unauthorized)]
    public async Task No_split_for_errors_that_are_not_about_the_content(int status, string answer, ServiceErrorKind kind)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Answer(context, status, answer));
        using var client = TestClients.Client(server.BaseUri);
        using var upload = OptiXUploadAdapter.Start(client, Scripted, new UploadOptions { BatchSize = 100, ThrottleLimit = 1 }, CancellationToken.None);

        var handedBack = await SendAll(upload, 300);

        Assert.Equal(1, server.Requests);
        Assert.Equal(300, handedBack.Count);
        Assert.Equal(kind, upload.FatalError!.Kind);
        Assert.Equal(100, handedBack.Count(h => h.Reason == RefusalReason.RequestFailed));
        Assert.Equal(200, handedBack.Count(h => h.Reason == RefusalReason.NotSent));
    }

    /// <summary>Adds records 1..count, completes, and returns every record handed back (at adding or in outcomes).</summary>
    internal static async Task<List<HandedBackRecord>> SendAll(UploadEngine upload, int count)
    {
        var handedBack = new List<HandedBackRecord>();
        for (var i = 1; i <= count; i++)
        {
            if (await upload.AddAsync(i, UploadSessionTests.Record(i)) is { } refused)
            {
                handedBack.Add(refused);
            }

            handedBack.AddRange(upload.TakeFinished().SelectMany(o => o.HandedBack));
        }

        await upload.CompleteAsync();
        handedBack.AddRange(upload.TakeFinished().SelectMany(o => o.HandedBack));
        return handedBack;
    }

    internal static async Task Answer(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    /// <summary>Opti-X's adapter, but every fifth request throws an exception that is not a service failure (a defect).</summary>
    private sealed class ThrowingAdapter(IUploadAdapter inner) : IUploadAdapter
    {
        private int _sends;

        public string Route => inner.Route;

        public bool HasBatches => inner.HasBatches;

        public string BodyPrefix => inner.BodyPrefix;

        public string BodySuffix(bool completesBatch) => inner.BodySuffix(completesBatch);

        public RecordCheck Check(IReadOnlyList<KeyValuePair<string, object?>> fields) => inner.Check(fields);

        public IReadOnlyList<string> MissingFields(IReadOnlyCollection<string> names) => inner.MissingFields(names);

        public bool IsBatchCompleted(ServiceException error) => inner.IsBatchCompleted(error);

        public bool StopsTheUpload(ServiceException error) => inner.StopsTheUpload(error);

        public Task<int?> SendAsync(RequestBody body, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _sends) % 5 == 0 ? throw new InvalidOperationException("a defect") : inner.SendAsync(body, cancellationToken);
    }

    private static int DeadLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>What a scripted upload_data server stored: how often each key was accepted, and the completing requests.</summary>
    private sealed class ScriptedStore
    {
        public ConcurrentDictionary<string, int> Staged { get; } = new();

        public int Completions;

        public async Task<Body> ReadAsync(HttpContext context)
        {
            var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var json = JObject.Parse(text);
            return new Body(text.Length, ((JArray)json["data"]!).Select(r => r["customer_id"]!.ToString()).ToList(), (bool)json["batch_completed"]!);
        }

        public async Task AcceptAsync(HttpContext context, Body body)
        {
            if (body.Completes)
            {
                Interlocked.Increment(ref Completions);
            }

            if (!body.Completes || Completions == 1 && body.Keys.Count > 1)
            {
                foreach (var key in body.Keys)
                {
                    Staged.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            }

            await Answer(context, 200, $$"""{"status":"success","uploaded_records":{{body.Keys.Count}},"batch_completed":{{body.Completes.ToString().ToLowerInvariant()}}}""");
        }
    }

    private sealed record Body(int Length, List<string> Keys, bool Completes);
}
