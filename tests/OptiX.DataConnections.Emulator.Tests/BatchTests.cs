using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class BatchTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task An_open_batch_is_invisible_until_completed_then_applies_all_its_records_at_once()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "before" });
        var batch = Guid.NewGuid();

        var first = (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1, v = "batch" } }, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK).Json;
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 2, v = "batch" } }, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal(batch.ToString(), first["batch_uuid"]!.GetValue<string>());
        Assert.False(first["batch_completed"]!.GetValue<bool>());
        Assert.Equal("before", (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Json["data"]!["v"]!.GetValue<string>());
        (await Api.QueryAsync(connection, 2)).Expect(HttpStatusCode.NotFound);

        var last = (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 3, v = "batch" } }, batch_uuid = batch, batch_completed = true }))
            .Expect(HttpStatusCode.OK).Json;

        Assert.True(last["batch_completed"]!.GetValue<bool>());
        Assert.Equal(1, last["uploaded_records"]!.GetValue<int>());
        foreach (var key in new[] { 1, 2, 3 })
        {
            Assert.Equal("batch", (await Api.QueryAsync(connection, key)).Expect(HttpStatusCode.OK).Json["data"]!["v"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_completing_requests_own_records_win_over_staged_ones()
    {
        var connection = await Api.CreateConnectionAsync();
        var batch = Guid.NewGuid();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1, v = "staged" } }, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);

        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1, v = "final" } }, batch_uuid = batch }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("final", (await Api.QueryAsync(connection, 1)).Json["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_upload_without_batch_uuid_is_its_own_completed_batch()
    {
        var connection = await Api.CreateConnectionAsync();

        var first = (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } } })).Expect(HttpStatusCode.OK).Json;
        var second = (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 2 } } })).Expect(HttpStatusCode.OK).Json;

        Assert.NotEqual(first["batch_uuid"]!.GetValue<string>(), second["batch_uuid"]!.GetValue<string>());
        Assert.True(first["batch_completed"]!.GetValue<bool>());
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sending_to_a_completed_batch_is_409_and_stores_nothing()
    {
        var connection = await Api.CreateConnectionAsync();
        var done = (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } } })).Json["batch_uuid"]!.GetValue<string>();

        var response = await Api.UploadAsync(connection, new { data = new[] { new { user_id = 2 } }, batch_uuid = done, batch_completed = false });

        response.Expect(HttpStatusCode.Conflict);
        Assert.Contains("already completed", response.Detail);
        (await Api.QueryAsync(connection, 2)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_batch_uuid_of_another_connection_is_409()
    {
        var first = await Api.CreateConnectionAsync();
        var second = await Api.CreateConnectionAsync();
        var batch = Guid.NewGuid();
        (await Api.UploadAsync(first, new { data = new[] { new { user_id = 1 } }, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);

        var response = await Api.UploadAsync(second, new { data = new[] { new { user_id = 2 } }, batch_uuid = batch });

        response.Expect(HttpStatusCode.Conflict);
        Assert.Contains("another data connection", response.Detail);
        (await Api.QueryAsync(second, 2)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_batch_uuid_is_a_422()
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } }, batch_uuid = "batch-1" });

        response.ExpectValidationErrorAt("body", "batch_uuid");
    }

    [Fact]
    public async Task A_batch_left_open_for_24_hours_is_discarded()
    {
        var connection = await Api.CreateConnectionAsync();
        var batch = Guid.NewGuid();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } }, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromHours(25));
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 2 } }, batch_uuid = batch })).Expect(HttpStatusCode.OK);

        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        (await Api.QueryAsync(connection, 2)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Each_request_keeps_an_open_batch_alive_for_another_24_hours()
    {
        var connection = await Api.CreateConnectionAsync();
        var batch = Guid.NewGuid();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } }, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromHours(20));
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 2 } }, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromHours(20));

        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 3 } }, batch_uuid = batch })).Expect(HttpStatusCode.OK);

        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);
        (await Api.QueryAsync(connection, 2)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_staged_records_ttl_counts_from_the_moment_its_batch_completes()
    {
        var connection = await Api.CreateConnectionAsync();
        var batch = Guid.NewGuid();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } }, ttl_seconds = 60, batch_uuid = batch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 2 } }, batch_uuid = batch })).Expect(HttpStatusCode.OK);

        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        (await Api.QueryAsync(connection, 2)).Expect(HttpStatusCode.OK);
    }
}
