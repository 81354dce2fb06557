using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Records;
using OptiX.DataConnections.Tests.Support;

namespace OptiX.DataConnections.Tests.Records;

/// <summary>Updates and deletes through the emulator: missing keys are set aside, the rest go through.</summary>
public class KeyedBatchTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public KeyedBatchTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public async Task A_delete_with_missing_keys_deletes_the_rest_and_names_the_missing()
    {
        using var client = TestClients.Client(_emulator.BaseUri);
        var connection = await Seed(client, 5);
        var items = new object[] { 1, "x", 2, 99, "3" }.Select(Item).ToList();

        var outcome = await KeyedBatch.SendAsync(items, batch => client.DeleteRecordsAsync(connection.ConnectionId, batch.Select(i => i.KeyValue), CancellationToken.None), retriedMissingMeansGone: true);

        Assert.Equal(3, outcome.Changed);
        Assert.Equal(["x", "99"], outcome.NotFound.Select(i => i.Key));
        Assert.Equal(2, outcome.Requests);
        Assert.Empty(outcome.Failed);
        var remaining = await client.GetSchemaAsync(connection.ConnectionId, CancellationToken.None);
        Assert.Equal(2, remaining.RecordCount);
    }

    [Fact]
    public async Task An_update_replaces_records_and_a_merge_keeps_stored_fields()
    {
        using var client = TestClients.Client(_emulator.BaseUri);
        var connection = await Seed(client, 2);
        var replace = new KeyedItem("1", 1, "1", [new("customer_id", 1), new("name", "Replaced")]);
        var stored = await client.QueryAsync(connection.ConnectionId, 2, null, CancellationToken.None);
        var merge = new KeyedItem("2", 2, "2", RecordMerge.Merge(stored, [new("name", "Merged")]));

        var outcome = await KeyedBatch.SendAsync([replace, merge], batch => client.UpdateRecordsAsync(connection.ConnectionId, UpdateBodyWriter.Write(batch, null), CancellationToken.None), retriedMissingMeansGone: false);

        Assert.Equal(2, outcome.Changed);
        var one = await client.QueryAsync(connection.ConnectionId, "1", null, CancellationToken.None);
        Assert.Null(one["tier"]);
        var two = await client.QueryAsync(connection.ConnectionId, "2", null, CancellationToken.None);
        Assert.Equal("Merged", (string?)two["name"]);
        Assert.Equal("gold", (string?)two["tier"]);
    }

    [Fact]
    public async Task Keys_missing_only_on_a_retry_are_counted_as_already_gone()
    {
        var bodies = new List<JArray>();
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            var keys = (JArray)JObject.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())["primary_keys"]!;
            bodies.Add(keys);
            switch (n)
            {
                case 1:
                    // The first attempt deleted k1, but its answer was lost.
                    context.Response.StatusCode = 503;
                    return;
                case 2:
                    context.Response.StatusCode = 400;
                    await context.Response.WriteAsync("""{"detail":"ensure the primary_key exists","missing_primary_keys":["k1"]}""");
                    return;
                default:
                    await context.Response.WriteAsync($$"""{"status":"success","deleted_records":{{keys.Count}}}""");
                    return;
            }
        });
        using var client = TestClients.Client(server.BaseUri);
        var id = Guid.NewGuid();

        var outcome = await KeyedBatch.SendAsync([Item("k1"), Item("k2")], batch => client.DeleteRecordsAsync(id, batch.Select(i => i.KeyValue), CancellationToken.None), retriedMissingMeansGone: true);

        Assert.Equal(["k1"], outcome.AlreadyGone.Select(i => i.Key));
        Assert.Empty(outcome.NotFound);
        Assert.Equal(1, outcome.Changed);
        Assert.Equal(["k2"], bodies[2].Select(k => (string)k!));
    }

    [Fact]
    public async Task The_update_body_is_a_bare_array_of_key_data_and_ttl()
    {
        var body = UpdateBodyWriter.Write([new KeyedItem("54490", 54490, "x", [new("key", "value")])], 86400);
        var json = JArray.Parse(await body.CreateContent().ReadAsStringAsync());

        var item = Assert.Single(json);
        Assert.Equal(54490, (int)item["primary_key"]!);
        Assert.Equal("value", (string?)item["data"]!["key"]);
        Assert.Equal(86400, (int)item["ttl"]!);
    }

    private static KeyedItem Item(object key) => new(Convert.ToString(key)!, key, key);

    private static async Task<Connection> Seed(OptiXClient client, int count)
    {
        var connection = await client.CreateConnectionAsync(new ConnectionDefinition { Name = "keyed " + Guid.NewGuid(), PrimaryKey = "customer_id" }, CancellationToken.None);
        var upload = DataConnections.Upload.OptiXUploadAdapter.Start(client, connection, new DataConnections.Upload.UploadOptions(), CancellationToken.None);
        for (var i = 1; i <= count; i++)
        {
            await upload.AddAsync(i, Upload.UploadSessionTests.Record(i));
        }

        await upload.CompleteAsync();
        return connection;
    }
}
