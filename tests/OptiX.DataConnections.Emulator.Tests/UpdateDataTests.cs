using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class UpdateDataTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    private Task<ApiResponse> UpdateAsync(string connection, object body) =>
        Api.PutAsync($"/connections/{connection}/update_data", body);

    [Fact]
    public async Task Update_replaces_each_record_whole_and_answers_the_count()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, name = "a", email = "a@x" }, new { user_id = 2, name = "b" });

        var answer = (await UpdateAsync(connection, new object[]
        {
            new { primary_key = 1, data = new { user_id = 1, name = "A" }, ttl = (int?)null },
            new { primary_key = "2", data = new { name = "B" } },
        })).Expect(HttpStatusCode.OK);

        Assert.Equal("""{"status":"success","updated_records":2}""", answer.Body);
        Assert.Equal("""{"data":{"user_id":1,"name":"A"}}""", (await Api.QueryAsync(connection, 1)).Body);
        // The key field was absent from data, so it is added to the stored record.
        Assert.Equal("""{"data":{"user_id":"2","name":"B"}}""", (await Api.QueryAsync(connection, 2)).Body);
    }

    [Fact]
    public async Task Keys_that_do_not_exist_reject_the_request_listing_them_and_change_nothing()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "old" });

        var response = await UpdateAsync(connection, new object[]
        {
            new { primary_key = 1, data = new { v = "new" } },
            new { primary_key = 404, data = new { v = "new" } },
            new { primary_key = "missing", data = new { v = "new" } },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("ensure the primary_key exists", response.Detail);
        Assert.Equal(["404", "missing"], response.Json["missing_primary_keys"]!.AsArray().Select(key => key!.GetValue<string>()));
        Assert.Equal("old", (await Api.QueryAsync(connection, 1)).Json["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_record_counts_as_missing()
    {
        var connection = await Api.CreateConnectionAsync();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } }, ttl_seconds = 10 })).Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromSeconds(11));

        var response = await UpdateAsync(connection, new[] { new { primary_key = 1, data = new { v = "new" } } });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("1", response.Json["missing_primary_keys"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_data_key_that_disagrees_with_primary_key_is_a_400_naming_the_index()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1 }, new { user_id = 2 });

        var response = await UpdateAsync(connection, new[]
        {
            new { primary_key = 1, data = new { user_id = 1 } },
            new { primary_key = 2, data = new { user_id = 3 } },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("index 1", response.Detail);
        Assert.Equal("""{"data":{"user_id":1}}""", (await Api.QueryAsync(connection, 1)).Body);
    }

    [Fact]
    public async Task Ttl_sets_an_expiry_and_null_or_absent_removes_it()
    {
        var connection = await Api.CreateConnectionAsync();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 }, new { user_id = 2 } }, ttl_seconds = 30 }))
            .Expect(HttpStatusCode.OK);

        (await UpdateAsync(connection, """[{"primary_key":1,"data":{},"ttl":3600},{"primary_key":2,"data":{},"ttl":null}]"""))
            .Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        (await Api.QueryAsync(connection, 2)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_negative_ttl_is_a_400()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "old" });

        var response = await UpdateAsync(connection, new[] { new { primary_key = 1, data = new { v = "new" }, ttl = -5 } });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("ttl", response.Detail);
        Assert.Equal("old", (await Api.QueryAsync(connection, 1)).Json["data"]!["v"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5001)]
    public async Task Fewer_than_1_or_more_than_5000_items_is_a_400_stating_the_limit(int count)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await UpdateAsync(connection, Enumerable.Range(1, count).Select(i => new { primary_key = i, data = new { } }));

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("at most 5000 records per request", response.Detail);
    }

    [Theory]
    [InlineData("""{"primary_key":1,"data":{}}""", new object[] { "body" })]
    [InlineData("""[{"data":{}}]""", new object[] { "body", 0, "primary_key" })]
    [InlineData("""[{"primary_key":1}]""", new object[] { "body", 0, "data" })]
    [InlineData("""[{"primary_key":1,"data":[1]}]""", new object[] { "body", 0, "data" })]
    [InlineData("""[{"primary_key":1,"data":{},"ttl":"soon"}]""", new object[] { "body", 0, "ttl" })]
    [InlineData("""[1]""", new object[] { "body", 0 })]
    public async Task A_body_of_the_wrong_shape_is_a_422(string body, object[] loc)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await UpdateAsync(connection, body);

        response.ExpectValidationErrorAt(loc);
    }
}
