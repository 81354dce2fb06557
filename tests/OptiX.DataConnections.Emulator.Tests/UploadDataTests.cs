using System.Net;
using System.Text;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class UploadDataTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task Upload_answers_success_with_a_new_batch_uuid_and_the_record_count()
    {
        var connection = await Api.CreateConnectionAsync();

        var answer = (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 }, new { user_id = 2 } } }))
            .Expect(HttpStatusCode.OK).Json;

        Assert.Equal("success", answer["status"]!.GetValue<string>());
        Assert.True(Guid.TryParse(answer["batch_uuid"]!.GetValue<string>(), out _));
        Assert.Equal(2, answer["uploaded_records"]!.GetValue<int>());
        Assert.True(answer["batch_completed"]!.GetValue<bool>());
        (await Api.QueryAsync(connection, 2)).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5001)]
    public async Task Fewer_than_1_or_more_than_5000_records_is_a_400_stating_the_limit(int count)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.UploadAsync(connection, new { data = Enumerable.Range(1, count).Select(i => new { user_id = i }) });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("at most 5000 records per request", response.Detail);
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Five_thousand_records_of_about_10_KB_fit_in_one_request()
    {
        var connection = await Api.CreateConnectionAsync();
        var filler = new string('x', 10_000);
        var body = new StringBuilder("""{"data":[""");
        for (var i = 0; i < 5000; i++)
        {
            body.Append(i == 0 ? "" : ",").Append($$"""{"user_id":{{i}},"text":"{{filler}}"}""");
        }
        body.Append("]}");

        var answer = (await Api.UploadAsync(connection, body.ToString())).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(5000, answer["uploaded_records"]!.GetValue<int>());
        var last = (await Api.QueryAsync(connection, 4999)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(filler, last["data"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_record_without_the_primary_key_rejects_the_whole_request_naming_its_index()
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.UploadAsync(connection, """
            {"data":[{"user_id":1},{"user_id":2},{"user_id":3},{"name":"no key"},{"user_id":5}]}
            """);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("Record at index 3 has no value for primary key 'user_id'", response.Detail);
        foreach (var key in new[] { 1, 2, 3, 5 })
        {
            (await Api.QueryAsync(connection, key)).Expect(HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [InlineData("""{"user_id":null}""")]
    [InlineData("""{"user_id":""}""")]
    [InlineData("""{"user_id":{"id":1}}""")]
    [InlineData("""{"user_id":[1]}""")]
    [InlineData("""["user_id",1]""")]
    [InlineData("42")]
    public async Task A_record_without_a_usable_scalar_key_is_a_400_naming_its_index(string badRecord)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.UploadAsync(connection, $$"""{"data":[{"user_id":"a"},{{badRecord}}]}""");

        response.Expect(HttpStatusCode.BadRequest);
        Assert.StartsWith("Record at index 1 ", response.Detail);
        (await Api.QueryAsync(connection, "a")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_key_is_the_top_level_field_even_after_a_nested_one_of_the_same_name()
    {
        var connection = await Api.CreateConnectionAsync();

        (await Api.UploadAsync(connection, """
            {"data":[{"owner":{"user_id":"nested"},"u\u0073er_id":"a\u0062c","v":1}]}
            """)).Expect(HttpStatusCode.OK);

        Assert.Equal(1, (await Api.QueryAsync(connection, "abc")).Expect(HttpStatusCode.OK).Json["data"]!["v"]!.GetValue<int>());
        (await Api.QueryAsync(connection, "nested")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_number_key_and_the_same_string_key_are_one_record()
    {
        var connection = await Api.CreateConnectionAsync();

        await Api.UploadRecordsAsync(connection, new { user_id = 1, version = "number" });
        (await Api.QueryAsync(connection, "1")).Expect(HttpStatusCode.OK);
        await Api.UploadRecordsAsync(connection, new { user_id = "1", version = "string" });

        var record = (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Json["data"]!;
        Assert.Equal("string", record["version"]!.GetValue<string>());
        Assert.Equal("1", record["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Boolean_keys_compare_as_true_and_false()
    {
        var connection = await Api.CreateConnectionAsync("flag");

        await Api.UploadRecordsAsync(connection, new { flag = true, label = "yes" });

        Assert.Equal("yes", (await Api.QueryAsync(connection, "true")).Expect(HttpStatusCode.OK).Json["data"]!["label"]!.GetValue<string>());
        (await Api.QueryAsync(connection, true)).Expect(HttpStatusCode.OK);
        (await Api.QueryAsync(connection, false)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_key_repeated_in_one_request_keeps_the_last_record()
    {
        var connection = await Api.CreateConnectionAsync();

        var body = new { data = new[] { new { user_id = 7, v = "first" }, new { user_id = 7, v = "last" } } };

        var answer = (await Api.UploadAsync(connection, body)).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(2, answer["uploaded_records"]!.GetValue<int>());
        Assert.Equal("last", (await Api.QueryAsync(connection, 7)).Json["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upload_replaces_the_whole_record()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, name = "John", email = "john@example.com" });

        await Api.UploadRecordsAsync(connection, new { user_id = 1, name = "Johnny" });

        var record = (await Api.QueryAsync(connection, 1)).Json["data"]!.AsObject();
        Assert.Equal(["user_id", "name"], record.Select(property => property.Key));
        Assert.Equal("Johnny", record["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_record_is_stored_and_returned_exactly_as_received()
    {
        var connection = await Api.CreateConnectionAsync();
        const string record = """{"user_id": 42,  "name":"Zoë \u00e9", "amount": 1.50, "tags":[ "a" ,"b"], "nested":{"x":null}}""";

        (await Api.UploadAsync(connection, $$"""{"data":[{{record}}]}""")).Expect(HttpStatusCode.OK);

        var response = (await Api.QueryAsync(connection, 42)).Expect(HttpStatusCode.OK);
        Assert.Equal($$"""{"data":{{record}}}""", response.Body);
    }
}
