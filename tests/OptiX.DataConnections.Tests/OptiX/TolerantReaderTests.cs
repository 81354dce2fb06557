using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Records;
using OptiX.DataConnections.Tests.Support;

namespace OptiX.DataConnections.Tests.OptiX;

/// <summary>
/// Every answer reader over real loopback HTTP: a scripted server answers each shape, the client reads it. Accepted
/// variants give the same values; refused shapes are UnexpectedAnswer errors, never an empty list or an empty record.
/// </summary>
public class TolerantReaderTests
{
    private const string Id = "34f8cfca-85fa-444f-97b2-a5b8cbff6907";
    private const string Connection = """{"data_connection_uuid":"34f8cfca-85fa-444f-97b2-a5b8cbff6907","name":"Loyalty","primary_key":"customer_id","description":"d","external_api_details":null,"created_at":"2026-11-30T10:00:00Z"}""";
    private static readonly Guid ConnectionId = Guid.Parse(Id);

    public static TheoryData<string> AcceptedLists => new()
    {
        $"[{Connection}]",
        $$"""{"connections":[{{Connection}}],"total":1}""",
        $$"""{"items":[{{Connection}}]}""",
        $$"""{"data":[{{Connection}}],"count":1}""",
        $$"""{"results":[{{Connection}}]}""",
        $$"""{"data_connections":[{{Connection}}],"status":"success"}""",
        $$"""{"whatever_they_call_it":[{{Connection}}]}""",
        $$$"""{"data":{"items":[{{{Connection}}}]}}""",
        """[{"uuid":"34f8cfca-85fa-444f-97b2-a5b8cbff6907","name":"Loyalty","primary_key":"customer_id","description":"d","created_at":1796032800,"extra":{"a":1}}]""",
        """[{"id":"34f8cfca-85fa-444f-97b2-a5b8cbff6907","name":"Loyalty","primary_key":"customer_id","description":"d","created_at":1796032800000}]""",
        """[{"data_connection_uuid":"34f8cfca-85fa-444f-97b2-a5b8cbff6907","name":"Loyalty","primary_key":"customer_id","description":"d","created_at":"1796032800"}]""",
    };

    public static TheoryData<string, string> RefusedLists => new()
    {
        { """{"status":"success"}""", "expected a list of connections" },
        { "{}", "expected a list of connections" },
        { "\"connections\"", "expected a list of connections" },
        { "42", "expected a list of connections" },
        { "", "no body" },
        { "<html>ok</html>", "not JSON" },
        { """{"a":[],"b":[]}""", "expected a list of connections" },
        { $$"""{"connections":[{{Connection}}],"total":5}""", "does not follow pages" },
        { $$"""{"items":[{{Connection}}],"next":"/connections?page=2"}""", "does not follow pages" },
        { $$"""{"items":[{{Connection}}],"has_more":true}""", "does not follow pages" },
        { """[{"name":"Loyalty","primary_key":"customer_id"}]""", "without a data_connection_uuid" },
        { """[{"data_connection_uuid":"not-a-uuid","name":"Loyalty","primary_key":"customer_id"}]""", "without a data_connection_uuid" },
        { """[{"data_connection_uuid":"34f8cfca-85fa-444f-97b2-a5b8cbff6907","primary_key":"customer_id"}]""", "has no name" },
        { """[{"data_connection_uuid":"34f8cfca-85fa-444f-97b2-a5b8cbff6907","name":"x"}]""", "has no primary_key" },
        { """["34f8cfca-85fa-444f-97b2-a5b8cbff6907"]""", "as a JSON object" },
    };

    [Theory]
    [MemberData(nameof(AcceptedLists))]
    public async Task A_connection_list_is_read_bare_or_wrapped(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var connections = await client.GetConnectionsAsync(CancellationToken.None);

        var connection = Assert.Single(connections);
        Assert.Equal(ConnectionId, connection.ConnectionId);
        Assert.Equal("Loyalty", connection.Name);
        Assert.Equal("customer_id", connection.PrimaryKey);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), connection.CreatedAt);
    }

    [Theory]
    [MemberData(nameof(RefusedLists))]
    public async Task A_list_not_understood_is_an_error_never_an_empty_list(string answer, string expected)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectionsAsync(CancellationToken.None));

        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, error.Kind);
        Assert.Contains("GET /connections", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(Connection)]
    [InlineData($$"""{"data":{{Connection}}}""")]
    [InlineData($$"""{"connection":{{Connection}},"status":"success"}""")]
    public async Task One_connection_is_read_bare_or_under_data(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var connection = await client.GetConnectionAsync(ConnectionId, CancellationToken.None);

        Assert.Equal("Loyalty", connection.Name);
        Assert.Equal("d", connection.Description);
    }

    [Theory]
    [InlineData("""{"status":"success"}""")]
    [InlineData("""{"data":null}""")]
    [InlineData("""{"data_connection_uuid":"00000000-0000-0000-0000-000000000000","name":"x","primary_key":"k"}""")]
    [InlineData("""{"data_connection_uuid":"0b6a3f9e-31c2-4f9c-9c37-3f2f1a9a2b11","name":"another","primary_key":"k"}""")]
    public async Task One_connection_not_understood_is_an_error(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectionAsync(ConnectionId, CancellationToken.None));

        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, error.Kind);
    }

    [Theory]
    [InlineData("""{"data":{"customer_id":"7","tier":"gold"}}""")]
    [InlineData("""{"customer_id":"7","tier":"gold"}""")]
    [InlineData("""{"customer_id":7,"tier":"gold"}""")]
    [InlineData("""{"customer_id":"7","tier":"gold","data":{"nested":true}}""")]
    [InlineData("""{"status":"success","data":{"customer_id":"7","tier":"gold"}}""")]
    public async Task A_record_is_read_under_data_or_bare(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var record = await client.QueryAsync(ConnectionId, "7", null, "customer_id", CancellationToken.None);

        Assert.Equal("gold", (string?)record["tier"]);
    }

    [Theory]
    [InlineData("""{"data":null}""", 200)]
    [InlineData("""{"status":"success","data":null}""", 200)]
    [InlineData("""{"detail":"Record not found"}""", 404)]
    [InlineData("""{"message":"not found","code":404}""", 404)]
    public async Task A_missing_record_is_not_found(string answer, int status)
    {
        await using var server = await Scripted(answer, status);
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.QueryAsync(ConnectionId, "7", null, "customer_id", CancellationToken.None));

        Assert.Equal(ServiceErrorKind.NotFound, error.Kind);
    }

    [Theory]
    [InlineData("{}", "an empty record")]
    [InlineData("""{"data":{}}""", "an empty record")]
    [InlineData("""{"status":"success"}""", "without its primary key")]
    [InlineData("""{"tier":"gold"}""", "without its primary key")]
    [InlineData("""{"data":{"customer_id":"8","tier":"gold"}}""", "not the key asked for")]
    [InlineData("""[{"customer_id":"7"}]""", "expected a record")]
    [InlineData("""{"data":[{"customer_id":"7"}]}""", "not an object")]
    [InlineData("", "expected a record")]
    public async Task A_record_not_understood_is_an_error_never_an_empty_record(string answer, string expected)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.QueryAsync(ConnectionId, "7", null, "customer_id", CancellationToken.None));

        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("gold", error.Message);
    }

    [Fact]
    public async Task An_api_based_record_need_not_hold_the_key()
    {
        await using var server = await Scripted("""{"product_name":"Boots"}""");
        using var client = TestClients.Client(server.BaseUri);

        var record = await client.QueryAsync(ConnectionId, "7", null, null, CancellationToken.None);

        Assert.Equal("Boots", (string?)record["product_name"]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"status":"success"}""")]
    [InlineData("""{"data":{"customer_id":"8","tier":"gold"}}""")]
    public async Task A_merge_never_writes_back_a_record_it_did_not_understand(string answer)
    {
        var requests = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await Answer(context, answer, 200);
        });
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() =>
            RecordMerge.WithStoredAsync(client, ConnectionId, "customer_id", "7", [new("tier", "silver")], CancellationToken.None));

        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, error.Kind);
        Assert.All(requests, r => Assert.EndsWith("/query", r));
    }

    [Theory]
    [InlineData("""{"results":[{"primary_key":"1","data":{"customer_id":"1"},"error":null},{"primary_key":"2","data":null,"error":"Record not found"}]}""")]
    [InlineData("""[{"primary_key":"1","data":{"customer_id":"1"}},{"primary_key":"2","data":null}]""")]
    [InlineData("""{"data":[{"primary_key":"2","data":null,"error":"NOT_FOUND"},{"primary_key":1,"data":{"customer_id":"1"}}]}""")]
    [InlineData("""{"results":[{"customer_id":"1"},{"primary_key":"2","error":"record does not exist"}]}""")]
    public async Task Batch_results_are_read_in_the_order_asked(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var results = await client.BatchQueryAsync(ConnectionId, ["1", "2"], null, "customer_id", CancellationToken.None);

        Assert.Equal("1", (string?)results[0].Data!["customer_id"]);
        Assert.True(results[1].IsNotFound);
        Assert.Null(results[1].Data);
    }

    [Theory]
    [InlineData("""{"results":[{"primary_key":"1","data":{"customer_id":"1"}}]}""", "1 result(s) for 2 key(s)")]
    [InlineData("""{"results":[{"primary_key":"1","data":{"customer_id":"1"}},{"primary_key":"9","data":null}]}""", "not asked for")]
    [InlineData("""{"status":"success"}""", "expected a list of query results")]
    public async Task Batch_results_not_understood_are_an_error(string answer, string expected)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.BatchQueryAsync(ConnectionId, ["1", "2"], null, "customer_id", CancellationToken.None));

        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("""{"primary_key":"customer_id","fields":[{"name":"customer_id","types":["string"]},{"name":"tier","types":["string","null"]}],"record_count":3}""")]
    [InlineData("""{"data":{"primary_key":"customer_id","fields":{"customer_id":"string","tier":["string","null"]},"record_count":"3"}}""")]
    [InlineData("""{"schema":{"primary_key":"customer_id","fields":[{"name":"customer_id","type":"string"},{"name":"tier","type":["string","null"]}],"records":3}}""")]
    public async Task A_schema_is_read_in_each_plausible_shape(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var schema = await client.GetSchemaAsync(ConnectionId, CancellationToken.None);

        Assert.Equal(3, schema.RecordCount);
        Assert.Equal(["customer_id", "tier"], schema.Fields.Select(f => f.Name));
        Assert.True(schema.Fields[0].IsPrimaryKey);
        Assert.Equal(["string", "null"], schema.Fields[1].Types);
    }

    [Theory]
    [InlineData("""{"status":"success"}""")]
    [InlineData("""{"fields":[],"record_count":0}""")]
    [InlineData("""{"primary_key":"customer_id","fields":"customer_id,tier"}""")]
    public async Task A_schema_not_understood_is_an_error(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemaAsync(ConnectionId, CancellationToken.None));

        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, error.Kind);
    }

    [Theory]
    [InlineData("""[{"reference_uuid":"5c0f3a52-2a7b-4d7e-9a53-5a0b8f0b7a10","reference_type":"mail","reference_id":"42","created_at":"2026-11-30T10:00:00Z"}]""")]
    [InlineData("""{"items":[{"uuid":"5c0f3a52-2a7b-4d7e-9a53-5a0b8f0b7a10","type":"mail","reference_id":42,"created_at":1796032800000}],"total":1}""")]
    [InlineData("""{"references":[{"id":"5c0f3a52-2a7b-4d7e-9a53-5a0b8f0b7a10","reference_type":"mail","reference_id":"42"}]}""")]
    public async Task References_are_read_bare_or_wrapped(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var reference = Assert.Single(await client.GetReferencesAsync(ConnectionId, CancellationToken.None));

        Assert.Equal(Guid.Parse("5c0f3a52-2a7b-4d7e-9a53-5a0b8f0b7a10"), reference.ReferenceUuid);
        Assert.Equal("mail", reference.Channel);
        Assert.Equal("42", reference.ResourceId);
    }

    [Theory]
    [InlineData("""{"status":"success","uploaded_records":2,"batch_uuid":"5c0f3a52-2a7b-4d7e-9a53-5a0b8f0b7a10","batch_completed":true}""", 2, true)]
    [InlineData("""{"status":"success","data":{"records_uploaded":"2","batch_completed":"true"}}""", 2, true)]
    [InlineData("""{"status":"success"}""", null, null)]
    [InlineData("", null, null)]
    public async Task An_upload_answer_is_read_and_a_missing_count_stays_unknown(string answer, int? count, bool? completed)
    {
        await using var server = await Scripted(answer, answer.Length == 0 ? 204 : 200);
        using var client = TestClients.Client(server.BaseUri);

        var response = await client.UploadAsync(ConnectionId, RequestBody.Json(w => w.WriteRawValue("""{"data":[]}""")), CancellationToken.None);

        Assert.Equal(count, response.UploadedRecords);
        Assert.Equal(completed, response.BatchCompleted);
    }

    [Theory]
    [InlineData("""{"status":"success","updated_records":3}""", 3)]
    [InlineData("""{"status":"success","data":{"updated_records":"3"}}""", 3)]
    [InlineData("""{"status":"success"}""", null)]
    [InlineData("", null)]
    public async Task An_update_count_is_read_when_given(string answer, int? count)
    {
        await using var server = await Scripted(answer, answer.Length == 0 ? 204 : 200);
        using var client = TestClients.Client(server.BaseUri);

        Assert.Equal(count, await client.UpdateRecordsAsync(ConnectionId, RequestBody.Json(w => w.WriteRawValue("[]")), CancellationToken.None));
    }

    [Fact]
    public async Task A_put_that_answers_only_its_status_is_read_back_and_keeps_what_was_not_changed()
    {
        var puts = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            if (context.Request.Method == "PUT")
            {
                using var reader = new StreamReader(context.Request.Body);
                puts.Enqueue(await reader.ReadToEndAsync());
                await Answer(context, """{"status":"success"}""", 200);
                return;
            }

            var name = puts.IsEmpty ? "Loyalty" : "Renamed";
            await Answer(context, $$$"""{"data":{"data_connection_uuid":"{{{Id}}}","name":"{{{name}}}","primary_key":"customer_id","description":"kept"}}""", 200);
        });
        using var client = TestClients.Client(server.BaseUri);

        var connection = await client.UpdateConnectionAsync(ConnectionId, new ConnectionUpdate { Name = "Renamed" }, CancellationToken.None);

        Assert.Equal(ConnectionId, connection.ConnectionId);
        Assert.Equal("Renamed", connection.Name);
        var sent = Newtonsoft.Json.Linq.JObject.Parse(Assert.Single(puts));
        Assert.Equal("Renamed", (string?)sent["name"]);
        Assert.Equal("kept", (string?)sent["description"]);
        Assert.Null(sent["primary_key"]);
    }

    [Theory]
    [InlineData("""{"data_connection_uuid":"34f8cfca-85fa-444f-97b2-a5b8cbff6907"}""")]
    [InlineData("""{"data":{"data_connection_uuid":"34f8cfca-85fa-444f-97b2-a5b8cbff6907"}}""")]
    [InlineData("""{"id":"34f8cfca-85fa-444f-97b2-a5b8cbff6907","name":"Loyalty"}""")]
    public async Task A_create_keeps_its_id_when_the_read_back_fails(string answer)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Request.Method == "POST"
            ? Answer(context, answer, 201)
            : Answer(context, """{"status":"success"}""", 200));
        using var client = TestClients.Client(server.BaseUri);

        var created = await client.CreateAsync(new ConnectionDefinition { Name = "Loyalty", PrimaryKey = "customer_id" }, null, CancellationToken.None);

        Assert.Equal(ConnectionId, created.ConnectionId);
        Assert.Null(created.Connection);
        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, created.ReadBackError!.Kind);
        Assert.Equal("Loyalty", created.AsSent(new ConnectionDefinition { Name = "Loyalty", PrimaryKey = "customer_id" }).Name);
    }

    [Fact]
    public async Task A_create_without_an_id_finds_the_new_connection_by_name()
    {
        var created = false;
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            if (context.Request.Method == "POST")
            {
                created = true;
                return Answer(context, """{"status":"created"}""", 201);
            }

            if (context.Request.Path.Value!.EndsWith("/connections", StringComparison.Ordinal))
            {
                return Answer(context, created ? $"[{Connection}]" : "[]", 200);
            }

            return Answer(context, Connection, 200);
        });
        using var client = TestClients.Client(server.BaseUri);

        var result = await client.CreateAsync(new ConnectionDefinition { Name = "Loyalty", PrimaryKey = "customer_id" }, [], CancellationToken.None);

        Assert.Equal(ConnectionId, result.ConnectionId);
        Assert.Equal("Loyalty", result.Connection!.Name);
    }

    [Theory]
    [InlineData("""{"content":{"customer_id":"7","points":"42"}}""")]
    [InlineData("""{"data":{"content":{"customer_id":"7","points":42}}}""")]
    [InlineData("""{"data":{"customer_id":"7","points":42}}""")]
    public async Task Emarsys_content_is_read_as_text_under_content_or_data(string answer)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var content = await client.GetEmarsysContentAsync(ConnectionId, "7", null, CancellationToken.None);

        Assert.Equal("42", content["points"]);
    }

    [Theory]
    [InlineData("""{"content":null}""", ServiceErrorKind.NotFound)]
    [InlineData("""{"data":null}""", ServiceErrorKind.NotFound)]
    [InlineData("""{"content":{}}""", ServiceErrorKind.UnexpectedAnswer)]
    [InlineData("""{"status":"success"}""", ServiceErrorKind.UnexpectedAnswer)]
    [InlineData("""{"content":{"address":{"city":"Turin"}}}""", ServiceErrorKind.UnexpectedAnswer)]
    public async Task Emarsys_content_not_understood_or_missing_is_an_error(string answer, ServiceErrorKind kind)
    {
        await using var server = await Scripted(answer);
        using var client = TestClients.Client(server.BaseUri);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetEmarsysContentAsync(ConnectionId, "7", null, CancellationToken.None));

        Assert.Equal(kind, error.Kind);
    }

    private static Task<LoopbackServer> Scripted(string answer, int status = 200) =>
        LoopbackServer.StartAsync((context, _) => Answer(context, answer, status));

    private static async Task Answer(HttpContext context, string body, int status)
    {
        context.Response.StatusCode = status;
        if (body.Length > 0)
        {
            context.Response.ContentType = body.StartsWith('<') ? "text/html" : "application/json";
            await context.Response.WriteAsync(body);
        }
    }
}
