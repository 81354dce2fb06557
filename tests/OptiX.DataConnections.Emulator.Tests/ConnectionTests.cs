using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class ConnectionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task Create_answers_201_with_the_uuid_and_get_returns_the_connection_object()
    {
        var created = (await Api.PostAsync("/connections", new { name = "Loyalty", primary_key = "user_id", description = "points" }))
            .Expect(HttpStatusCode.Created).Json;
        var uuid = created["data_connection_uuid"]!.GetValue<string>();
        Assert.True(Guid.TryParse(uuid, out _));
        Assert.Single(created.AsObject());

        var connection = (await Api.GetAsync($"/connections/{uuid}")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(
            ["data_connection_uuid", "name", "primary_key", "description", "external_api_details", "created_at", "updated_at"],
            connection.AsObject().Select(property => property.Key));
        Assert.Equal(uuid, connection["data_connection_uuid"]!.GetValue<string>());
        Assert.Equal("Loyalty", connection["name"]!.GetValue<string>());
        Assert.Equal("user_id", connection["primary_key"]!.GetValue<string>());
        Assert.Equal("points", connection["description"]!.GetValue<string>());
        Assert.Null(connection["external_api_details"]);
        var createdAt = ParseUtc(connection["created_at"]!.GetValue<string>());
        Assert.InRange(createdAt, fixture.Clock.GetUtcNow().AddMinutes(-1), fixture.Clock.GetUtcNow().AddMinutes(1));
        Assert.Equal(connection["created_at"]!.GetValue<string>(), connection["updated_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_stores_external_api_details_as_given()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var details = JsonNode.Parse($$"""
            {"url":"{{external.Root}}/data?filter={filter}","http_method":"GET",
             "headers":{"Authorization":"Bearer T"},"ttl":60,"timeout":10,"retries":3,
             "is_batch_endpoint":false,"sample_placeholder_values":{"filter":"active_users"},"extra":[1,2.5,null]}
            """)!;
        var created = (await Api.PostAsync("/connections", new { name = "api", primary_key = "id", external_api_details = details }))
            .Expect(HttpStatusCode.Created).Json;

        var connection = (await Api.GetAsync($"/connections/{created["data_connection_uuid"]}")).Json;

        Assert.True(JsonNode.DeepEquals(details, connection["external_api_details"]));
    }

    [Fact]
    public async Task Create_requires_name_and_primary_key()
    {
        var response = await Api.PostAsync("/connections", new { description = "no name" });

        response.ExpectValidationErrorAt("body", "name").ExpectValidationErrorAt("body", "primary_key");
        Assert.All(response.Json["detail"]!.AsArray(), error => Assert.Equal("value_error.missing", error!["type"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"name":"","primary_key":"id"}""", "name")]
    [InlineData("""{"name":"n","primary_key":""}""", "primary_key")]
    [InlineData("""{"name":42,"primary_key":"id"}""", "name")]
    [InlineData("""{"name":"n","primary_key":null}""", "primary_key")]
    [InlineData("""{"name":"n","primary_key":"id","external_api_details":"not an object"}""", "external_api_details")]
    [InlineData("""{"name":"n","primary_key":"id","description":7}""", "description")]
    public async Task Create_rejects_fields_of_the_wrong_kind_with_422(string body, string field)
    {
        var response = await Api.PostAsync("/connections", body);

        response.ExpectValidationErrorAt("body", field);
    }

    [Fact]
    public async Task List_returns_connection_objects_in_creation_order()
    {
        var first = await Api.CreateConnectionAsync(name: "first");
        var second = await Api.CreateConnectionAsync(name: "second");

        var list = (await Api.GetAsync("/connections")).Expect(HttpStatusCode.OK).Json.AsArray();

        var ids = list.Select(c => c!["data_connection_uuid"]!.GetValue<string>()).ToList();
        Assert.True(ids.IndexOf(first) < ids.IndexOf(second));
        Assert.Equal("second", list[ids.IndexOf(second)]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_changes_name_description_and_details_and_moves_updated_at()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var uuid = await Api.CreateConnectionAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        var updated = (await Api.PutAsync($"/connections/{uuid}", new
        {
            name = "renamed",
            description = "now described",
            external_api_details = new { url = external.Root + "/{id}", http_method = "GET", sample_placeholder_values = new { id = 1 } },
        })).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("renamed", updated["name"]!.GetValue<string>());
        Assert.Equal("now described", updated["description"]!.GetValue<string>());
        Assert.Equal(external.Root + "/{id}", updated["external_api_details"]!["url"]!.GetValue<string>());
        Assert.Equal("user_id", updated["primary_key"]!.GetValue<string>());
        Assert.True(ParseUtc(updated["updated_at"]!.GetValue<string>()) > ParseUtc(updated["created_at"]!.GetValue<string>()));
        var fetched = (await Api.GetAsync($"/connections/{uuid}")).Json;
        Assert.True(JsonNode.DeepEquals(updated, fetched));
    }

    [Fact]
    public async Task Put_leaves_absent_and_null_fields_as_they_are()
    {
        await using var external = await ExternalApiServer.StartAsync("{}");
        var created = (await Api.PostAsync("/connections", new
        {
            name = "n",
            primary_key = "id",
            description = "d",
            external_api_details = new { url = external.Root, http_method = "GET" },
        })).Json["data_connection_uuid"]!.GetValue<string>();

        var updated = (await Api.PutAsync($"/connections/{created}", """{"description":null,"external_api_details":null}"""))
            .Expect(HttpStatusCode.OK).Json;

        Assert.Equal("n", updated["name"]!.GetValue<string>());
        Assert.Equal("d", updated["description"]!.GetValue<string>());
        Assert.Equal(external.Root, updated["external_api_details"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_accepts_the_same_primary_key_and_rejects_a_different_one()
    {
        var uuid = await Api.CreateConnectionAsync("user_id");

        (await Api.PutAsync($"/connections/{uuid}", new { name = "same key", primary_key = "user_id" })).Expect(HttpStatusCode.OK);
        var changed = await Api.PutAsync($"/connections/{uuid}", new { name = "other key", primary_key = "customer_id" });

        changed.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("primary_key cannot be changed after creation", changed.Detail);
        var connection = (await Api.GetAsync($"/connections/{uuid}")).Json;
        Assert.Equal("same key", connection["name"]!.GetValue<string>());
        Assert.Equal("user_id", connection["primary_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_rejects_an_empty_name_with_422()
    {
        var uuid = await Api.CreateConnectionAsync();

        var response = await Api.PutAsync($"/connections/{uuid}", new { name = "" });

        response.ExpectValidationErrorAt("body", "name");
    }

    [Fact]
    public async Task Delete_answers_204_and_removes_records_batches_and_references()
    {
        var uuid = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(uuid, new { user_id = 1 });
        var openBatch = Guid.NewGuid();
        (await Api.UploadAsync(uuid, new { data = new[] { new { user_id = 2 } }, batch_uuid = openBatch, batch_completed = false }))
            .Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/connections/{uuid}/references", new { reference_type = "sms", reference_id = "s-1" }))
            .Expect(HttpStatusCode.Created);

        var deleted = await Api.DeleteAsync($"/connections/{uuid}");

        deleted.Expect(HttpStatusCode.NoContent);
        Assert.Empty(deleted.Body);
        foreach (var route in RouteTable.ConnectionScoped)
        {
            var (method, path, body) = ((string)route[0], (string)route[1], (string?)route[2]);
            var response = await Api.SendAsync(method, RouteTable.Fill(path, uuid), body);
            Assert.True(response.Status == HttpStatusCode.NotFound, $"{method} {path}: {response.Status} {response.Body}");
        }
        var list = (await Api.GetAsync("/connections")).Json.AsArray();
        Assert.DoesNotContain(uuid, list.Select(c => c!["data_connection_uuid"]!.GetValue<string>()));
        // The open batch went with the connection, so its uuid is free for another connection.
        var another = await Api.CreateConnectionAsync();
        (await Api.UploadAsync(another, new { data = new[] { new { user_id = 3 } }, batch_uuid = openBatch }))
            .Expect(HttpStatusCode.OK);
        (await Api.QueryAsync(another, 2)).Expect(HttpStatusCode.NotFound);
    }

    private static DateTimeOffset ParseUtc(string text)
    {
        Assert.EndsWith("Z", text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }
}
