using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>
/// Which record a key holds when batches overlap. The service applies a batch when it completes, so of two batches
/// the one completed last wins, whichever was opened or sent first; inside a batch the last request wins.
/// </summary>
public sealed class BatchOrderTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task An_open_batchs_records_are_invisible_to_every_read_until_it_completes()
    {
        var connection = await Api.CreateConnectionAsync();
        var batch = Guid.NewGuid();
        await SendAsync(connection, batch, completed: false, new { user_id = 1, v = "open" });

        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        Assert.Equal(
            """{"results":[{"primary_key":1,"data":null,"error":"Record not found"}]}""",
            (await BatchQueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Body);
        Assert.Equal(0, (await RecordCountAsync(connection)));
        (await Api.PostAsync($"/connections/{connection}/delete_data", new { primary_keys = new[] { 1 } })).Expect(HttpStatusCode.BadRequest);
        (await Api.PutAsync($"/connections/{connection}/update_data", new[] { new { primary_key = 1, data = new { v = "x" } } }))
            .Expect(HttpStatusCode.BadRequest);

        await SendAsync(connection, batch, completed: true, new { user_id = 2, v = "open" });

        Assert.Equal("""{"data":{"user_id":1,"v":"open"}}""", (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Body);
        Assert.Contains("""{"user_id":1,"v":"open"}""", (await BatchQueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Body);
        Assert.Equal(2, await RecordCountAsync(connection));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Of_two_batches_holding_a_key_the_one_completed_last_wins(bool firstCompletesFirst)
    {
        var connection = await Api.CreateConnectionAsync();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await SendAsync(connection, first, completed: false, new { user_id = 1, v = "first" });
        await SendAsync(connection, second, completed: false, new { user_id = 1, v = "second" });

        var (earlier, later) = firstCompletesFirst ? (first, second) : (second, first);
        await SendAsync(connection, earlier, completed: true, new { user_id = 2 });
        Assert.Equal(Value(earlier == first), await ValueAsync(connection, 1));
        await SendAsync(connection, later, completed: true, new { user_id = 3 });

        Assert.Equal(Value(later == first), await ValueAsync(connection, 1));
        Assert.Equal(3, await RecordCountAsync(connection));
        // Once superseded, the earlier batch's record never shows again: not after the key is deleted either.
        (await Api.PostAsync($"/connections/{connection}/delete_data", new { primary_keys = new[] { 1 } })).Expect(HttpStatusCode.OK);
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        Assert.Equal(2, await RecordCountAsync(connection));

        static string Value(bool isFirst) => isFirst ? "first" : "second";
    }

    [Fact]
    public async Task A_record_sent_again_in_the_same_open_batch_is_stored_once_the_last_one_sent()
    {
        var connection = await Api.CreateConnectionAsync();
        var batch = Guid.NewGuid();
        await SendAsync(connection, batch, completed: false, new { user_id = 1, v = "one", gone = true });
        await SendAsync(connection, batch, completed: false, new { user_id = "1", v = "two" });

        await SendAsync(connection, batch, completed: true, new { user_id = 2, v = "x" });

        Assert.Equal("""{"data":{"user_id":"1","v":"two"}}""", (await Api.QueryAsync(connection, 1)).Body);
        Assert.Equal(2, await RecordCountAsync(connection));
        var fields = (await Api.GetAsync($"/connections/{connection}/schema")).Json["fields"]!.AsArray();
        Assert.Equal(["user_id", "v"], fields.Select(field => field!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_direct_upload_while_a_batch_is_open_is_replaced_when_the_batch_completes()
    {
        var connection = await Api.CreateConnectionAsync();
        var batch = Guid.NewGuid();
        await SendAsync(connection, batch, completed: false, new { user_id = 1, v = "batch" });
        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "direct" });
        Assert.Equal("direct", await ValueAsync(connection, 1));

        await SendAsync(connection, batch, completed: true, new { user_id = 2 });

        Assert.Equal("batch", await ValueAsync(connection, 1));
        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "direct again" });
        Assert.Equal("direct again", await ValueAsync(connection, 1));
    }

    [Fact]
    public async Task A_key_deleted_while_a_batch_holding_it_is_open_comes_back_when_the_batch_completes()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "old" });
        var batch = Guid.NewGuid();
        await SendAsync(connection, batch, completed: false, new { user_id = 1, v = "batch" });

        (await Api.PostAsync($"/connections/{connection}/delete_data", new { primary_keys = new[] { 1 } })).Expect(HttpStatusCode.OK);
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        await SendAsync(connection, batch, completed: true, new { user_id = 2 });

        Assert.Equal("batch", await ValueAsync(connection, 1));
    }

    [Fact]
    public async Task When_the_record_that_replaced_another_expires_neither_is_returned()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "kept forever" });
        var batch = Guid.NewGuid();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1, v = "short" } }, ttl_seconds = 60, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);
        await SendAsync(connection, batch, completed: true, new { user_id = 2 });
        Assert.Equal("short", await ValueAsync(connection, 1));

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        // A write purges what has expired: the older record must go with the one that replaced it.
        await Api.UploadRecordsAsync(connection, new { user_id = 3 });

        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        Assert.Equal(2, await RecordCountAsync(connection));
    }

    private async Task SendAsync(string connection, Guid batch, bool completed, params object[] records) =>
        (await Api.UploadAsync(connection, new { data = records, batch_uuid = batch, batch_completed = completed })).Expect(HttpStatusCode.OK);

    private Task<ApiResponse> BatchQueryAsync(string connection, int key) =>
        Api.PostAsync($"/connections/{connection}/api_batch_query", new { queries = new[] { new { primary_key = key } } });

    private async Task<long> RecordCountAsync(string connection) =>
        (await Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK).Json["record_count"]!.GetValue<long>();

    private async Task<string> ValueAsync(string connection, int key) =>
        (await Api.QueryAsync(connection, key)).Expect(HttpStatusCode.OK).Json["data"]!["v"]!.GetValue<string>();
}
