using System.Diagnostics;
using System.Reflection;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Monetate;

public class MonetateClientTests(MonetateEmulatorFixture emulator) : IClassFixture<MonetateEmulatorFixture>
{
    [Fact]
    public async Task A_signed_jwt_buys_a_token_that_opens_the_data_api()
    {
        using var client = emulator.Client();

        var schema = await client.CreateSchemaAsync(MonetateEmulatorFixture.CustomerSchema("auth_ok"), default);
        var listed = await client.GetSchemasAsync(default);

        Assert.Equal("customer_id", schema.IdentifierField);
        Assert.Contains(listed, s => s.Name == "auth_ok");
        Assert.Equal(1, client.Tokens.Refreshes);
        Assert.InRange(client.Tokens.Current!.Lifetime.TotalSeconds, 3590, 3600);
    }

    [Fact]
    public async Task A_key_that_is_not_the_registered_one_is_refused_with_advice()
    {
        using var client = emulator.Client(key: emulator.OtherKeys.PrivateKey);

        var ex = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemasAsync(default));

        Assert.Equal(ServiceErrorKind.Unauthorized, ex.Kind);
        Assert.Contains("refused the JWT (401)", ex.Message);
        Assert.Contains("private key is the pair of the public key", ex.Message);
        Assert.Equal(1, ex.Attempts);
    }

    [Fact]
    public async Task An_unknown_user_is_refused()
    {
        using var client = emulator.Client(user: "nobody");

        var ex = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemasAsync(default));

        Assert.Equal(ServiceErrorKind.Unauthorized, ex.Kind);
    }

    [Fact]
    public async Task A_jwt_issued_long_ago_is_refused()
    {
        var stale = new ManualTime(DateTimeOffset.UtcNow.AddMinutes(-30));
        using var client = emulator.Client(jwtTime: stale);

        var ex = await Assert.ThrowsAsync<ServiceException>(() => client.RefreshTokenAsync(default));

        Assert.Equal(ServiceErrorKind.Unauthorized, ex.Kind);
    }

    [Fact]
    public async Task The_token_is_reused_and_replaced_shortly_before_it_expires()
    {
        var clock = new ManualTime(DateTimeOffset.UtcNow);
        using var client = emulator.Client(clientTime: clock);

        await client.GetSchemasAsync(default);
        var first = client.Tokens.Current!;
        clock.Now = first.ExpiresAt - TimeSpan.FromMinutes(6);
        await client.GetSchemasAsync(default);
        Assert.Same(first, client.Tokens.Current);
        Assert.Equal(1, client.Tokens.Refreshes);

        clock.Now = first.ExpiresAt - TimeSpan.FromMinutes(4);
        await client.GetSchemasAsync(default);

        Assert.Equal(2, client.Tokens.Refreshes);
        Assert.NotSame(first, client.Tokens.Current);
    }

    [Fact]
    public async Task Concurrent_calls_share_one_refresh()
    {
        using var client = emulator.Client();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetSchemasAsync(default)));

        Assert.Equal(1, client.Tokens.Refreshes);
    }

    [Fact]
    public async Task A_token_the_service_no_longer_knows_is_replaced_once()
    {
        using var client = emulator.Client();
        await client.GetSchemasAsync(default);
        var field = typeof(MonetateTokenCache).GetField("_token", BindingFlags.NonPublic | BindingFlags.Instance)!;
        field.SetValue(client.Tokens, new MonetateToken("forged-token", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)));

        await client.GetSchemasAsync(default);

        Assert.Equal(2, client.Tokens.Refreshes);
    }

    [Fact]
    public async Task Schema_rules_come_back_as_typed_errors()
    {
        using var client = emulator.Client();
        var fields = Enumerable.Range(0, 41).Select(i => new MonetateField($"f{i}", MonetateDataType.String, identifier: i == 0)).ToList();

        var tooMany = await Assert.ThrowsAsync<ServiceException>(() => client.CreateSchemaAsync(new MonetateSchema("too_many", "attribute", fields), default));
        var missing = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemaAsync("no_such_schema", default));

        Assert.Equal(ServiceErrorKind.InvalidRequest, tooMany.Kind);
        Assert.Contains("40", tooMany.Message);
        Assert.Equal(ServiceErrorKind.NotFound, missing.Kind);
    }

    [Fact]
    public async Task Fields_can_be_added_to_an_existing_schema()
    {
        using var client = emulator.Client();
        await client.CreateSchemaAsync(MonetateEmulatorFixture.CustomerSchema("grows"), default);

        var grown = await client.AddFieldsAsync("grows", [new MonetateField("tier", MonetateDataType.String)], default);

        Assert.Contains(grown.Fields, f => f.Name == "tier" && f.DataType == MonetateDataType.String);
        Assert.Equal(6, (await client.GetSchemaAsync("grows", default)).Fields.Count);
    }

    [Fact]
    public async Task An_upload_posts_full_batches_in_order_and_the_last_row_for_a_key_wins()
    {
        using var client = emulator.Client();
        var schema = await client.CreateSchemaAsync(MonetateEmulatorFixture.CustomerSchema("batches"), default);
        var upload = MonetateUploadAdapter.Start(client, schema, new UploadEngineOptions { BatchSize = 1000 }, false, default);

        for (var i = 0; i < 2500; i++)
        {
            Assert.Null(await upload.AddAsync(i, [new("customer_id", $"c{i % 2000}"), new("lifetime_value", i.ToString())]));
        }

        Assert.NotNull(await upload.AddAsync("bad", [new("customer_id", "x"), new("vip", "maybe")]));
        var summary = await upload.CompleteAsync();
        var results = upload.TakeFinished().ToList();
        var record = Assert.Single(await client.GetRecordAsync("batches", "c1", default));

        Assert.Equal(3, summary.Requests);
        Assert.Equal(2500, summary.RecordsSent);
        Assert.Equal(1, summary.RecordsRejected);
        Assert.Equal([1, 2, 3], results.Select(r => r.Sequence));
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(2001L, record["lifetime_value"]);
    }

    [Fact]
    public async Task A_failed_post_hands_back_every_record_and_a_missing_schema_stops_the_upload()
    {
        using var client = emulator.Client();
        var schema = MonetateEmulatorFixture.CustomerSchema("never_created");
        var upload = MonetateUploadAdapter.Start(client, schema, new UploadEngineOptions { BatchSize = 2 }, false, default);

        await upload.AddAsync("a", [new("customer_id", "a")]);
        await upload.AddAsync("b", [new("customer_id", "b")]);
        await upload.AddAsync("c", [new("customer_id", "c")]);
        var summary = await upload.CompleteAsync();
        var failed = upload.TakeFinished().Where(r => !r.Succeeded).ToList();

        Assert.Equal(ServiceErrorKind.NotFound, upload.FatalError!.Kind);
        Assert.Equal(["a", "b", "c"], failed.SelectMany(r => r.HandedBack.Select(h => h.Source!)).Cast<string>());
        Assert.Equal(3, summary.RecordsFailed);
        Assert.Equal(1, summary.Requests);
    }

    [Fact]
    public async Task Spot_checks_are_spaced_a_second_apart_and_never_throttled()
    {
        using var client = emulator.Client();
        var schema = await client.CreateSchemaAsync(MonetateEmulatorFixture.CustomerSchema("spot"), default);
        var upload = MonetateUploadAdapter.Start(client, schema, new UploadEngineOptions(), false, default);
        await upload.AddAsync(1, [new("customer_id", "s1"), new("email", "s1@example.com")]);
        await upload.CompleteAsync();
        var retries = new System.Collections.Concurrent.ConcurrentQueue<string>();
        client.Retrying += (_, notice) => retries.Enqueue(notice.ToString());
        var starts = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 3; i++)
        {
            starts.Add(clock.Elapsed);
            var record = Assert.Single(await client.GetRecordAsync("spot", "s1", default));
            Assert.Equal("s1@example.com", record["email"]);
        }

        Assert.Empty(retries);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"three spot checks took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_emulator_throttles_a_second_spot_check_within_the_same_second()
    {
        using var first = emulator.Client(user: MonetateEmulatorFixture.OtherUser, key: emulator.OtherKeys.PrivateKey);
        var schema = await first.CreateSchemaAsync(MonetateEmulatorFixture.CustomerSchema("throttled"), default);
        var upload = MonetateUploadAdapter.Start(first, schema, new UploadEngineOptions(), false, default);
        await upload.AddAsync(1, [new("customer_id", "t1")]);
        await upload.CompleteAsync();
        var token = await first.Tokens.GetAsync(default);
        using var raw = new HttpClient { BaseAddress = first.DataApiUri };
        raw.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + token.Value);

        await first.GetRecordAsync("throttled", "t1", default);
        using var response = await raw.GetAsync("data/throttled/?id=t1");

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
    }
}
