using System.Net;
using System.Text.Json.Nodes;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>Queries on API-based connections: placeholders, reading the record from the answer, and the answer cache.</summary>
public sealed class ApiQueryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task A_query_fills_placeholders_in_url_headers_and_body_and_answers_the_external_object_under_data()
    {
        await using var external = await ExternalApiServer.StartAsync("""{"id":"u 1","name":"Ann","nested":{"n":[1,2]}}""");
        var connection = await Api.CreateApiConnectionAsync(JsonNode.Parse($$"""
            {"url":"{{external.Root}}/users/{primary_key}?segment={segment}","http_method":"POST",
             "headers":{"X-Segment":"{segment}","X-Key":"k-{primary_key}"},
             "body":{"id":"{primary_key}","filter":{"segment":"{segment}"} },
             "ttl":0,"sample_placeholder_values":{"primary_key":"sample","segment":"all"} }
            """)!);

        var response = await Api.PostAsync(
            $"/connections/{connection}/query",
            new { primary_key = "u 1", placeholder_values = new { segment = "vip/gold", primary_key = "ignored" } });

        response.Expect(HttpStatusCode.OK);
        Assert.Equal("""{"data":{"id":"u 1","name":"Ann","nested":{"n":[1,2]}}}""", response.Body);
        var call = external.Calls[^1];
        Assert.Equal("POST", call.Method);
        Assert.Equal("/users/u%201?segment=vip%2Fgold", call.PathAndQuery);
        Assert.Equal("vip/gold", call.Headers["x-segment"]);
        Assert.Equal("k-u 1", call.Headers["x-key"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"u 1","filter":{"segment":"vip/gold"}}"""), JsonNode.Parse(call.Body)));
    }

    [Fact]
    public async Task A_numeric_key_fills_the_primary_key_placeholder_with_its_JSON_text()
    {
        await using var external = await ExternalApiServer.StartAsync("""{"id":42}""");
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/users/{primary_key}",
            http_method = "GET",
            ttl = 0,
            sample_placeholder_values = new { primary_key = 1 },
        });

        (await Api.QueryAsync(connection, 42)).Expect(HttpStatusCode.OK);

        Assert.Equal("/users/42", external.Calls[^1].PathAndQuery);
    }

    [Fact]
    public async Task A_placeholder_without_a_value_is_a_400_naming_it_and_calls_nothing()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/x?filter={filter}&sort={sort}",
            http_method = "GET",
            sample_placeholder_values = new { filter = "a", sort = "b" },
        });

        var response = await Api.PostAsync($"/connections/{connection}/query", new { primary_key = 1, placeholder_values = new { sort = "x" } });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("""{"detail":"Missing placeholder value(s): filter"}""", response.Body);
        Assert.Equal(1, external.CallCount);
    }

    [Fact]
    public async Task From_an_array_answer_the_query_takes_the_object_whose_primary_key_field_equals_the_key()
    {
        await using var external = await ExternalApiServer.StartAsync("""[{"sku":1,"v":"a"},"noise",{"sku":"2","v":"b"},{"sku":2,"v":"later"}]""");
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root + "/all", http_method = "GET" }, primaryKey: "sku");

        Assert.Equal("""{"data":{"sku":"2","v":"b"}}""", (await Api.QueryAsync(connection, 2)).Expect(HttpStatusCode.OK).Body);
        Assert.Equal("""{"data":{"sku":1,"v":"a"}}""", (await Api.QueryAsync(connection, "1")).Expect(HttpStatusCode.OK).Body);
        var missing = await Api.QueryAsync(connection, 3);
        missing.Expect(HttpStatusCode.NotFound);
        Assert.Equal("""{"detail":"Record not found"}""", missing.Body);
    }

    [Fact]
    public async Task An_answer_that_is_neither_object_nor_array_is_a_502()
    {
        await using var external = await ExternalApiServer.StartAsync("\"just text\"");
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET" });

        var response = await Api.QueryAsync(connection, 1);

        response.Expect(HttpStatusCode.BadGateway);
        Assert.StartsWith("External API failed: its answer is a JSON string", response.Detail);
    }

    [Fact]
    public async Task Within_the_ttl_an_identical_request_is_answered_from_the_cache_and_after_it_the_API_is_called_again()
    {
        await using var external = await ExternalApiServer.StartAsync((call, n) => ExternalReply.Json($$"""{"call":{{n}}}"""));
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/u/{primary_key}?f={filter}",
            http_method = "GET",
            ttl = 60,
            sample_placeholder_values = new { primary_key = 0, filter = "x" },
        });
        Assert.Equal(1, external.CallCount);

        var first = await QueryAsync(connection, 1, "a");
        fixture.Clock.Advance(TimeSpan.FromSeconds(59));
        var cached = await QueryAsync(connection, 1, "a");

        Assert.Equal(2, external.CallCount);
        Assert.Equal(first, cached);

        await QueryAsync(connection, 1, "b");
        await QueryAsync(connection, 2, "a");
        Assert.Equal(4, external.CallCount);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await QueryAsync(connection, 1, "a");
        Assert.Equal(5, external.CallCount);
        Assert.NotEqual(first, fresh);
    }

    [Fact]
    public async Task The_default_ttl_is_30_seconds()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET" });

        await QueryAsync(connection, 1, "a");
        fixture.Clock.Advance(TimeSpan.FromSeconds(29));
        await QueryAsync(connection, 1, "a");
        Assert.Equal(2, external.CallCount);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        await QueryAsync(connection, 1, "a");
        Assert.Equal(3, external.CallCount);
    }

    [Fact]
    public async Task With_ttl_0_every_query_calls_the_API()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET", ttl = 0 });

        for (var i = 0; i < 3; i++)
        {
            await QueryAsync(connection, 1, "a");
        }

        Assert.Equal(4, external.CallCount);
    }

    [Fact]
    public async Task New_details_drop_the_cached_answers_and_failures_are_not_cached()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET", ttl = 600 });
        await QueryAsync(connection, 1, "a");
        Assert.Equal(2, external.CallCount);

        (await Api.PutAsync($"/connections/{connection}", new { external_api_details = new { url = external.Root, http_method = "GET", ttl = 300 } }))
            .Expect(HttpStatusCode.OK);
        await QueryAsync(connection, 1, "a");
        Assert.Equal(4, external.CallCount);

        external.ReplyWith((_, _) => new ExternalReply(400, "{}"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(301));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.BadGateway);
        external.ReplyWith((_, _) => ExternalReply.Json("{}"));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);
        Assert.Equal(6, external.CallCount);
    }

    [Fact]
    public async Task Answers_are_cached_per_connection()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var first = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET", ttl = 600 });
        var second = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET", ttl = 600 });

        await QueryAsync(first, 1, "a");
        await QueryAsync(second, 1, "a");

        Assert.Equal(4, external.CallCount);
    }

    private async Task<string> QueryAsync(string connection, object key, string filter)
    {
        var response = await Api.PostAsync($"/connections/{connection}/query", new { primary_key = key, placeholder_values = new { filter } });
        return response.Expect(HttpStatusCode.OK).Body;
    }
}
