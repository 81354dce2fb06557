using System.Net;
using System.Text.Json.Nodes;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>Creating and changing API-based connections: the shape of external_api_details and the test call.</summary>
public sealed class ApiConnectionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task Creation_makes_one_test_call_with_the_sample_values_in_url_headers_and_body_and_stores_the_details_as_given()
    {
        await using var external = await ExternalApiServer.StartAsync("""{"ok":true}""");
        var details = JsonNode.Parse($$"""
            {"url":"{{external.Root}}/items/{primary_key}?filter={filter}","http_method":"post",
             "headers":{"Authorization":"Bearer {token}","X-Static":"s"},
             "body":{"query":{"filter":"{filter}","tags":["t-{token}",1,null]},"{kind}_id":"{primary_key}"},
             "ttl":60,"timeout":5,"retries":2,"is_batch_endpoint":false,
             "sample_placeholder_values":{"primary_key":7,"filter":"a b&c","token":"T","kind":"user"} }
            """)!;

        var created = (await Api.PostAsync("/connections", new { name = "api", primary_key = "id", external_api_details = details }))
            .Expect(HttpStatusCode.Created).Json;

        var call = Assert.Single(external.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/items/7?filter=a%20b%26c", call.PathAndQuery);
        Assert.Equal("Bearer T", call.Headers["authorization"]);
        Assert.Equal("s", call.Headers["x-static"]);
        Assert.StartsWith("application/json", call.Headers["content-type"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"query":{"filter":"a b&c","tags":["t-T",1,null]},"user_id":"7"}"""), JsonNode.Parse(call.Body)));
        var connection = (await Api.GetAsync($"/connections/{created["data_connection_uuid"]}")).Expect(HttpStatusCode.OK).Json;
        Assert.True(JsonNode.DeepEquals(details, connection["external_api_details"]));
    }

    [Fact]
    public async Task Only_url_and_http_method_are_required()
    {
        await using var external = await ExternalApiServer.StartAsync("[]");

        await Api.CreateApiConnectionAsync(new { url = external.Root + "/all", http_method = "GET" });

        var call = Assert.Single(external.Calls);
        Assert.Equal("GET", call.Method);
        Assert.Equal("/all", call.PathAndQuery);
        Assert.Empty(call.Body);
    }

    [Theory]
    [InlineData("""{"http_method":"GET"}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1:9/x"}""", "http_method")]
    [InlineData("""{"url":"","http_method":"GET"}""", "url")]
    [InlineData("""{"url":5,"http_method":"GET"}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"FETCH"}""", "http_method")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","headers":{"X-Number":1}}""", "headers", "X-Number")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","headers":{"bad name":"v"}}""", "headers", "bad name")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","headers":[]}""", "headers")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","body":"text"}""", "body")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","ttl":"60"}""", "ttl")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","ttl":-1}""", "ttl")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","timeout":0}""", "timeout")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","timeout":1.5}""", "timeout")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","retries":11}""", "retries")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","is_batch_endpoint":"yes"}""", "is_batch_endpoint")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","http_method":"GET","sample_placeholder_values":{"a":{"b":1}}}""", "sample_placeholder_values", "a")]
    public async Task Details_of_the_wrong_shape_are_a_422_at_their_field_and_nothing_is_called(string details, params string[] field)
    {
        var name = $"invalid-{Guid.NewGuid():N}";

        var response = await Api.PostAsync("/connections", $$"""{"name":"{{name}}","primary_key":"id","external_api_details":{{details}}}""");

        response.ExpectValidationErrorAt(["body", "external_api_details", .. field]);
        await AssertNotStoredAsync(name);
    }

    [Fact]
    public async Task A_test_call_answered_with_an_error_status_rejects_the_connection_with_400_and_stores_nothing()
    {
        await using var external = await ExternalApiServer.StartAsync((_, _) => new ExternalReply(500, """{"detail":"boom"}"""));
        var name = $"failing-{Guid.NewGuid():N}";

        var response = await Api.PostAsync("/connections", new
        {
            name,
            primary_key = "id",
            external_api_details = new { url = external.Root + "/x", http_method = "GET", retries = 3 },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.StartsWith("The test call to the external API failed", response.Detail);
        Assert.Contains("500", response.Detail);
        Assert.Equal(1, external.CallCount);
        await AssertNotStoredAsync(name);
    }

    [Fact]
    public async Task A_test_call_answered_with_something_that_is_not_JSON_is_rejected()
    {
        await using var external = await ExternalApiServer.StartAsync((_, _) => new ExternalReply(200, "<html>hello</html>"));
        var name = $"html-{Guid.NewGuid():N}";

        var response = await Api.PostAsync("/connections", new
        {
            name,
            primary_key = "id",
            external_api_details = new { url = external.Root + "/x", http_method = "GET" },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("not JSON", response.Detail);
        await AssertNotStoredAsync(name);
    }

    [Fact]
    public async Task A_refused_test_call_is_rejected()
    {
        var name = $"refused-{Guid.NewGuid():N}";

        var response = await Api.PostAsync("/connections", new
        {
            name,
            primary_key = "id",
            external_api_details = new { url = ExternalApiServer.RefusingUrl(), http_method = "GET" },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.StartsWith("The test call to the external API failed", response.Detail);
        await AssertNotStoredAsync(name);
    }

    [Fact]
    public async Task A_test_call_that_times_out_is_rejected_after_the_timeout()
    {
        await using var external = await ExternalApiServer.StartAsync((_, _) => new ExternalReply(200, "{}", TimeSpan.FromSeconds(20)));
        var name = $"slow-{Guid.NewGuid():N}";
        var started = DateTimeOffset.UtcNow;

        var response = await Api.PostAsync("/connections", new
        {
            name,
            primary_key = "id",
            external_api_details = new { url = external.Root + "/x", http_method = "GET", timeout = 1 },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("timed out", response.Detail);
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await AssertNotStoredAsync(name);
    }

    [Theory]
    [InlineData("/x?filter={filter}", """{"token":"t"}""", "filter")]
    [InlineData("/x/{primary_key}/{filter}", """{}""", "primary_key, filter")]
    public async Task A_placeholder_without_a_sample_value_is_rejected_by_name_without_calling(
        string path, string samples, string missing)
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var name = $"no-sample-{Guid.NewGuid():N}";

        var response = await Api.PostAsync("/connections", $$"""
            {"name":"{{name}}","primary_key":"id","external_api_details":
             {"url":"{{external.Root}}{{path}}","http_method":"GET","sample_placeholder_values":{{samples}} } }
            """);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal($"Missing sample_placeholder_values for placeholder(s): {missing}", response.Detail);
        Assert.Equal(0, external.CallCount);
        await AssertNotStoredAsync(name);
    }

    [Fact]
    public async Task A_url_that_is_not_absolute_http_is_rejected()
    {
        var response = await Api.PostAsync("/connections", new
        {
            name = "relative",
            primary_key = "id",
            external_api_details = new { url = "/relative/{x}", http_method = "GET", sample_placeholder_values = new { x = 1 } },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("/relative/1", response.Detail);
    }

    [Fact]
    public async Task Put_with_new_details_makes_a_test_call_and_a_failing_one_changes_nothing()
    {
        await using var good = await ExternalApiServer.StartAsync("{}");
        await using var bad = await ExternalApiServer.StartAsync((_, _) => new ExternalReply(404, "{}"));
        var connection = await Api.CreateConnectionAsync();

        var rejected = await Api.PutAsync($"/connections/{connection}", new
        {
            name = "renamed",
            external_api_details = new { url = bad.Root + "/x", http_method = "GET" },
        });

        rejected.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("404", rejected.Detail);
        var unchanged = (await Api.GetAsync($"/connections/{connection}")).Json;
        Assert.Equal("test connection", unchanged["name"]!.GetValue<string>());
        Assert.Null(unchanged["external_api_details"]);

        var details = new { url = good.Root + "/y/{p}", http_method = "GET", sample_placeholder_values = new { p = "s" } };
        (await Api.PutAsync($"/connections/{connection}", new { external_api_details = details })).Expect(HttpStatusCode.OK);
        Assert.Equal("/y/s", Assert.Single(good.Calls).PathAndQuery);

        // The same details again, or none, are no change: no test call.
        (await Api.PutAsync($"/connections/{connection}", new { name = "again", external_api_details = details })).Expect(HttpStatusCode.OK);
        (await Api.PutAsync($"/connections/{connection}", new { description = "d" })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, good.CallCount);
    }

    [Fact]
    public async Task Put_with_details_missing_a_sample_value_is_rejected_by_name()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root + "/x", http_method = "GET" });

        var response = await Api.PutAsync($"/connections/{connection}", new
        {
            external_api_details = new { url = external.Root + "/x?f={filter}", http_method = "GET" },
        });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("Missing sample_placeholder_values for placeholder(s): filter", response.Detail);
        var stored = (await Api.GetAsync($"/connections/{connection}")).Json;
        Assert.Equal(external.Root + "/x", stored["external_api_details"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_with_invalid_details_is_a_422()
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.PutAsync($"/connections/{connection}", new { external_api_details = new { url = "http://x.test" } });

        response.ExpectValidationErrorAt("body", "external_api_details", "http_method");
    }

    [Theory]
    [InlineData("POST", "/query", """{"primary_key":1}""")]
    [InlineData("POST", "/api_batch_query", """{"queries":[{"primary_key":1}]}""")]
    [InlineData("POST", "/external-content/emarsys", """{"primary_key":1}""")]
    [InlineData("PUT", "", """{"external_api_details":{"url":"http://127.0.0.1:9/other","http_method":"GET"}}""")]
    public async Task Another_brand_gets_404_for_an_API_based_connection_and_the_external_API_is_not_called(
        string method, string path, string body)
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var connection = await Api.CreateApiConnectionAsync(new { url = external.Root, http_method = "GET", ttl = 0 });

        var response = await fixture.Other.SendAsync(method, $"/connections/{connection}{path}", body);

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("Data connection not found", response.Detail);
        Assert.Equal(1, external.CallCount);
    }

    private async Task AssertNotStoredAsync(string name)
    {
        var list = (await Api.GetAsync("/connections")).Expect(HttpStatusCode.OK).Json.AsArray();
        Assert.DoesNotContain(name, list.Select(connection => connection!["name"]!.GetValue<string>()));
    }
}
