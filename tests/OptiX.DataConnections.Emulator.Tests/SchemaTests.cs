using System.Net;
using System.Text.Json.Nodes;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class SchemaTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task Schema_lists_the_fields_and_json_types_of_the_live_records_primary_key_first()
    {
        var connection = await Api.CreateConnectionAsync();
        (await Api.UploadAsync(connection, """
            {"data":[
              {"user_id":1,"zip":"02134","amount":10,"vip":true,"tags":["a"],"address":{"city":"x"},"note":null},
              {"user_id":"u-2","zip":2134,"amount":10.5,"vip":false}
            ]}
            """)).Expect(HttpStatusCode.OK);

        var schema = (await Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK).Json;

        var expected = JsonNode.Parse("""
            {"primary_key":"user_id","fields":[
              {"name":"user_id","types":["string","number"],"primary_key":true},
              {"name":"address","types":["object"],"primary_key":false},
              {"name":"amount","types":["number"],"primary_key":false},
              {"name":"note","types":["null"],"primary_key":false},
              {"name":"tags","types":["array"],"primary_key":false},
              {"name":"vip","types":["boolean"],"primary_key":false},
              {"name":"zip","types":["string","number"],"primary_key":false}
            ],"record_count":2}
            """);
        Assert.True(JsonNode.DeepEquals(expected, schema), schema.ToJsonString());
    }

    [Fact]
    public async Task Expired_and_staged_records_are_left_out()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1, kept = 1 });
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 2, expired = 1 } }, ttl_seconds = 5 })).Expect(HttpStatusCode.OK);
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 3, staged = 1 } }, batch_uuid = Guid.NewGuid(), batch_completed = false }))
            .Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));

        var schema = (await Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(1, schema["record_count"]!.GetValue<long>());
        Assert.Equal(["user_id", "kept"], schema["fields"]!.AsArray().Select(field => field!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_record_replaced_by_a_batch_completed_later_counts_once_with_the_fields_of_its_newest_version_before_and_after_the_sweep()
    {
        var connection = await Api.CreateConnectionAsync();
        foreach (var field in new[] { "old", "new" })
        {
            var batch = Guid.NewGuid();
            (await Api.UploadAsync(connection, new JsonObject
            {
                ["data"] = new JsonArray(new JsonObject { ["user_id"] = 1, [field] = 1 }),
                ["batch_uuid"] = batch.ToString(),
                ["batch_completed"] = false,
            }.ToJsonString())).Expect(HttpStatusCode.OK);
            (await Api.UploadAsync(connection, new { data = new[] { new { user_id = field == "old" ? 2 : 3 } }, batch_uuid = batch, batch_completed = true }))
                .Expect(HttpStatusCode.OK);
        }

        var beforeSweep = (await Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK).Json;
        await Api.UploadRecordsAsync(await Api.CreateConnectionAsync(), new { user_id = 9 });
        var afterSweep = (await Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK).Json;

        foreach (var schema in new[] { beforeSweep, afterSweep })
        {
            Assert.Equal(3, schema["record_count"]!.GetValue<long>());
            Assert.Equal(["user_id", "new"], schema["fields"]!.AsArray().Select(field => field!["name"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_connection_without_records_has_only_its_primary_key_with_no_types()
    {
        var connection = await Api.CreateConnectionAsync("sku");

        var schema = (await Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK);

        Assert.Equal("""{"primary_key":"sku","fields":[{"name":"sku","types":[],"primary_key":true}],"record_count":0}""", schema.Body);
    }
}
