using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary><c>api_batch_query</c> on upload-based and API-based connections.</summary>
public sealed class ApiBatchQueryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task On_an_upload_based_connection_it_answers_each_key_in_request_order_echoing_the_key_as_sent()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "a" }, new { user_id = "2", v = "b" });

        var response = await BatchAsync(connection, """{"queries":[{"primary_key":2},{"primary_key":"missing"},{"primary_key":"1","placeholder_values":{"x":1}},{"primary_key":2}]}""");

        Assert.Equal(
            """{"results":[{"primary_key":2,"data":{"user_id":"2","v":"b"},"error":null},"""
            + """{"primary_key":"missing","data":null,"error":"Record not found"},"""
            + """{"primary_key":"1","data":{"user_id":1,"v":"a"},"error":null},"""
            + """{"primary_key":2,"data":{"user_id":"2","v":"b"},"error":null}]}""",
            response.Expect(HttpStatusCode.OK).Body);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5001)]
    public async Task Fewer_than_1_or_more_than_5000_queries_are_a_400_stating_the_limit(int count)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.PostAsync(
            $"/connections/{connection}/api_batch_query", new { queries = Enumerable.Range(0, count).Select(i => new { primary_key = i }) });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal($"Expected at least 1 and at most 5000 queries per request, got {count}", response.Detail);
    }

    [Fact]
    public async Task Five_thousand_queries_are_accepted()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 4999 });

        var response = await Api.PostAsync(
            $"/connections/{connection}/api_batch_query", new { queries = Enumerable.Range(0, 5000).Select(i => new { primary_key = i }) });

        var results = response.Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        Assert.Equal(5000, results.Count);
        Assert.Equal(4999, results[4999]!["data"]!["user_id"]!.GetValue<int>());
        Assert.Null(results[0]!["data"]);
    }

    [Theory]
    [InlineData("{}", "body", "queries")]
    [InlineData("""{"queries":{"primary_key":1}}""", "body", "queries")]
    [InlineData("""{"queries":[{"primary_key":1},{"placeholder_values":{}}]}""", "body", "queries", 1, "primary_key")]
    [InlineData("""{"queries":[{"primary_key":[1]}]}""", "body", "queries", 0, "primary_key")]
    [InlineData("""{"queries":[{"primary_key":1,"placeholder_values":[]}]}""", "body", "queries", 0, "placeholder_values")]
    [InlineData("""{"queries":[{"primary_key":1,"placeholder_values":{"f":{"a":1}}}]}""", "body", "queries", 0, "placeholder_values", "f")]
    [InlineData("""{"queries":[7]}""", "body", "queries", 0)]
    public async Task A_malformed_body_is_a_422_at_the_problem(string body, params object[] loc)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await BatchAsync(connection, body);

        response.ExpectValidationErrorAt(loc);
    }

    [Fact]
    public async Task Without_a_batch_endpoint_each_distinct_request_is_one_call_and_items_fail_alone()
    {
        await using var external = await ExternalApiServer.StartAsync(UserFromPath);
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/users/{primary_key}?f={filter}",
            http_method = "GET",
            ttl = 60,
            sample_placeholder_values = new { primary_key = 0, filter = "x" },
        });

        var response = await BatchAsync(connection, """
            {"queries":[{"primary_key":1,"placeholder_values":{"filter":"a"}},{"primary_key":2,"placeholder_values":{"filter":"a"}},
                        {"primary_key":3},{"primary_key":1,"placeholder_values":{"filter":"a"}},
                        {"primary_key":"gone","placeholder_values":{"filter":"a"}}]}
            """);

        var results = response.Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        Assert.Equal("user 1", results[0]!["data"]!["name"]!.GetValue<string>());
        Assert.Equal("user 2", results[1]!["data"]!["name"]!.GetValue<string>());
        Assert.Null(results[2]!["data"]);
        Assert.Equal("Missing placeholder value(s): filter", results[2]!["error"]!.GetValue<string>());
        Assert.Equal("user 1", results[3]!["data"]!["name"]!.GetValue<string>());
        Assert.Null(results[3]!["error"]);
        Assert.Null(results[4]!["data"]);
        Assert.Equal("External API failed: it answered 404 Not Found (1 attempt)", results[4]!["error"]!.GetValue<string>());
        // The test call, then /users/1, /users/2 and /users/gone; the repeated key shares the first answer.
        Assert.Equal(4, external.CallCount);

        (await BatchAsync(connection, """{"queries":[{"primary_key":2,"placeholder_values":{"filter":"a"}}]}""")).Expect(HttpStatusCode.OK);
        Assert.Equal(4, external.CallCount);
    }

    [Fact]
    public async Task Without_a_batch_endpoint_and_with_ttl_0_every_item_is_a_call()
    {
        await using var external = await ExternalApiServer.StartAsync(UserFromPath);
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/users/{primary_key}",
            http_method = "GET",
            ttl = 0,
            sample_placeholder_values = new { primary_key = 0 },
        });

        var response = await Api.PostAsync(
            $"/connections/{connection}/api_batch_query", new { queries = Enumerable.Range(1, 20).Select(i => new { primary_key = i }) });

        var results = response.Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"user {i}"), results.Select(result => result!["data"]!["name"]!.GetValue<string>()));
        Assert.Equal(1 + 20, external.CallCount);
    }

    [Fact]
    public async Task A_batch_endpoint_is_called_once_with_comma_joined_values_and_its_array_is_matched_back_by_key()
    {
        await using var external = await ExternalApiServer.StartAsync(UsersFromQuery);
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/users?ids={primary_key}&segment={segment}",
            http_method = "POST",
            body = new { ids = "{primary_key}" },
            is_batch_endpoint = true,
            sample_placeholder_values = new { primary_key = "1,2", segment = "s" },
        });

        var response = await BatchAsync(connection, """
            {"queries":[{"primary_key":1,"placeholder_values":{"segment":"vip"}},{"primary_key":"404","placeholder_values":{"segment":"vip"}},
                        {"primary_key":2},{"primary_key":3,"placeholder_values":{"segment":"new"}},
                        {"primary_key":1,"placeholder_values":{"segment":"vip"}}]}
            """);

        var results = response.Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        Assert.Equal("user 1", results[0]!["data"]!["name"]!.GetValue<string>());
        Assert.Null(results[1]!["data"]);
        Assert.Equal("Record not found", results[1]!["error"]!.GetValue<string>());
        Assert.Equal("Missing placeholder value(s): segment", results[2]!["error"]!.GetValue<string>());
        Assert.Equal("user 3", results[3]!["data"]!["name"]!.GetValue<string>());
        Assert.Equal("user 1", results[4]!["data"]!["name"]!.GetValue<string>());
        Assert.Equal(2, external.CallCount);
        var call = external.Calls[^1];
        Assert.Equal("/users?ids=1%2C404%2C3&segment=vip%2Cnew", call.PathAndQuery);
        Assert.Equal("""{"ids":"1,404,3"}""", call.Body);
    }

    [Fact]
    public async Task A_batch_endpoint_that_does_not_answer_an_array_fails_every_item()
    {
        await using var external = await ExternalApiServer.StartAsync("""{"id":1}""");
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET", is_batch_endpoint = true });

        var response = await BatchAsync(connection, """{"queries":[{"primary_key":1},{"primary_key":2}]}""");

        var results = response.Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        Assert.All(results, result =>
        {
            Assert.Null(result!["data"]);
            Assert.StartsWith("External API failed: its answer is a JSON object, not an array", result["error"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task A_failing_external_API_puts_the_reason_in_every_item_and_the_batch_still_answers_200()
    {
        await using var external = await ExternalApiServer.StartAsync(
            (_, n) => n == 1 ? ExternalReply.Json("[]") : new ExternalReply(502, "{}"));
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET", is_batch_endpoint = true, retries = 1 });

        var response = await BatchAsync(connection, """{"queries":[{"primary_key":1},{"primary_key":2}]}""");

        var results = response.Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        Assert.All(results, result =>
            Assert.Equal("External API failed: it answered 502 Bad Gateway (2 attempts)", result!["error"]!.GetValue<string>()));
        Assert.Equal(1 + 2, external.CallCount);
    }

    [Fact]
    public async Task A_single_query_on_a_batch_endpoint_takes_its_record_from_the_array()
    {
        await using var external = await ExternalApiServer.StartAsync(UsersFromQuery);
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/users?ids={primary_key}",
            http_method = "GET",
            is_batch_endpoint = true,
            sample_placeholder_values = new { primary_key = 1 },
        });

        var response = await Api.QueryAsync(connection, 7);

        Assert.Equal("""{"data":{"id":7,"name":"user 7"}}""", response.Expect(HttpStatusCode.OK).Body);
    }

    private Task<ApiResponse> BatchAsync(string connection, string body) =>
        Api.PostAsync($"/connections/{connection}/api_batch_query", body);

    /// <summary><c>/users/{id}</c> answers that user; the id "gone" is a 404.</summary>
    private static ExternalReply UserFromPath(ExternalCall call, int number)
    {
        var id = call.PathAndQuery.Split('?')[0].Split('/')[^1];
        return id == "gone" ? new ExternalReply(404, "{}") : ExternalReply.Json($$"""{"id":{{id}},"name":"user {{id}}"}""");
    }

    /// <summary><c>/users?ids=1,2,...</c> answers an array with those users, except id 404.</summary>
    private static ExternalReply UsersFromQuery(ExternalCall call, int number)
    {
        var query = HttpUtility.ParseQueryString(new Uri("http://x" + call.PathAndQuery).Query);
        var users = (query["ids"] ?? "").Split(',').Where(id => id != "404")
            .Select(id => new JsonObject { ["id"] = int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), ["name"] = $"user {id}" });
        return ExternalReply.Json(new JsonArray([.. users]).ToJsonString());
    }
}
