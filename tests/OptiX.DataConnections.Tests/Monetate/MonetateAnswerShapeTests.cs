using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.Tests.Support;

namespace OptiX.DataConnections.Tests.Monetate;

/// <summary>
/// The client against a scripted Data API over loopback HTTP: the spec's answer shapes, the plausible alternatives it
/// also reads, and answers it does not understand (an error naming the route, never an empty record or list).
/// </summary>
public sealed class MonetateAnswerShapeTests
{
    private const string Data = "/api/data/v1/acme/production/";

    private static readonly MonetateKeys Keys = MonetateKeys.Create();

    /// <summary>A scripted service: the refresh endpoint issues a token; every Data API request goes to <paramref name="answer"/> (path and query).</summary>
    private static async Task<(LoopbackServer Server, MonetateClient Client, ConcurrentQueue<string> Requests)> StartAsync(
        Func<HttpContext, string, (int Status, string Body)> answer)
    {
        var requests = new ConcurrentQueue<string>();
        var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var path = context.Request.Path.Value! + context.Request.QueryString.Value;
            context.Response.ContentType = "application/json";
            if (context.Request.Path.Value!.StartsWith("/api/auth/v0/refresh/", StringComparison.Ordinal))
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                await context.Response.WriteAsync("""{"meta":{"code":200,"errors":[],"warnings":[]},"data":{"token":"t-1","expires_in":3600,"expires_at":""" + (now + 3600) + ""","issued_at":""" + now + "}}");
                return;
            }

            requests.Enqueue($"{context.Request.Method} {path}");
            var (status, body) = answer(context, path.StartsWith(Data, StringComparison.Ordinal) ? path[Data.Length..] : path);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body);
        });
        var root = new Uri(server.BaseUri.GetLeftPart(UriPartial.Authority));
        var client = new MonetateClient(root, "acme", new MonetateCredentials("feed-user", Keys.PrivateKey), TestClients.FastRetries(maxRetries: 1));
        return (server, client, requests);
    }

    private static string Envelope(string data, int code = 200, string meta = "") =>
        $$"""{"meta":{"code":{{code}},"errors":[],"warnings":[]{{meta}}},"data":{{data}}}""";

    private static string Schema(string name) =>
        "{\"id\":7,\"name\":\"" + name + "\",\"type\":\"attribute\",\"created_date\":\"2026-11-25T12:00:00.000000Z\",\"named_identifier\":\"customer\",\"fields\":{\"customer_id\":{\"data_type\":\"STRING\",\"identifier\":true}}}";

    public static TheoryData<string, string?> RecordShapes => new()
    {
        // The spec: rows under data.schema_rows.
        { Envelope("""{"schema_rows":[{"customer_id":"c1","email":"a@x.y"}]}"""), "a@x.y" },
        // Alternatives: the rows as data, or the row as data.
        { Envelope("""[{"customer_id":"c1","email":"a@x.y"}]"""), "a@x.y" },
        { Envelope("""{"customer_id":"c1","email":"a@x.y"}"""), "a@x.y" },
        // No row: not found.
        { Envelope("""{"schema_rows":[]}"""), null },
        { Envelope("""{"schema_rows":null}"""), null },
        { Envelope("[]"), null },
        { Envelope("{}"), null },
        { Envelope("null"), null },
    };

    [Theory]
    [MemberData(nameof(RecordShapes))]
    public async Task A_spot_check_reads_the_specs_shape_and_its_alternatives(string body, string? email)
    {
        var (server, client, _) = await StartAsync((_, _) => (200, body));
        await using var _ = server;
        using var __ = client;

        if (email is null)
        {
            var missing = await Assert.ThrowsAsync<ServiceException>(() => client.GetRecordAsync("customers", "c1", default));
            Assert.Equal(ServiceErrorKind.NotFound, missing.Kind);
            return;
        }

        var record = Assert.Single(await client.GetRecordAsync("customers", "c1", default));
        Assert.Equal("c1", record["customer_id"]);
        Assert.Equal(email, record["email"]);
    }

    [Theory]
    [InlineData("""{"meta":{"code":200,"errors":[],"warnings":[]}}""", "has no 'data'")]
    [InlineData("""{"meta":{"code":200},"data":"c1"}""", "'data' of type String")]
    [InlineData("""{"meta":{"code":200},"data":{"schema_rows":{"customer_id":"c1"}}}""", "not a list")]
    [InlineData("""{"meta":{"code":200},"data":{"schema_rows":["c1"]}}""", "not an object")]
    [InlineData("""{"meta":{"code":200},"data":[{}]}""", "not an object with fields")]
    [InlineData("""not json""", "has no 'data'")]
    public async Task A_spot_check_answer_it_does_not_understand_is_an_error_naming_the_route(string body, string what)
    {
        var (server, client, _) = await StartAsync((_, _) => (200, body));
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetRecordAsync("customers", "c1", default));

        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, error.Kind);
        Assert.Equal("GET /data/customers/?id=", error.Route);
        Assert.Contains("GET /data/customers/?id=", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_rows_for_one_id_are_all_read()
    {
        var (server, client, _) = await StartAsync((_, _) => (200, Envelope("""{"schema_rows":[{"customer_id":"c1","n":1},{"customer_id":"c1","n":2}]}""")));
        await using var _ = server;
        using var __ = client;

        var rows = await client.GetRecordAsync("customers", "c1", default);

        Assert.Equal([1L, 2L], rows.Select(r => r["n"]));
    }

    [Fact]
    public async Task The_schema_list_follows_meta_next_absolute_and_relative_until_it_ends()
    {
        string? root = null;
        var (server, client, requests) = await StartAsync((context, path) =>
        {
            root ??= $"http://{context.Request.Host}{Data}";
            return path switch
            {
                "schema/" => (200, Envelope($"[{Schema("a")}]", meta: $$""","count":1,"next":"{{root}}schema/?page=2","previous":null""")),
                "schema/?page=2" => (200, Envelope($"[{Schema("b")}]", meta: ""","count":1,"next":"?page=3","previous":"x" """)),
                "schema/?page=3" => (200, $$$"""{"meta":{"code":200},"data":{"results":[{{{Schema("c")}}}],"next":null}}"""),
                _ => (404, Envelope("null", 404)),
            };
        });
        await using var _ = server;
        using var __ = client;

        var schemas = await client.GetSchemasAsync(default);

        Assert.Equal(["a", "b", "c"], schemas.Select(s => s.Name));
        Assert.Equal(3, requests.Count);
        Assert.Equal(7, schemas[0].Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), schemas[0].CreatedDate);
    }

    [Fact]
    public async Task A_meta_next_that_leads_back_is_an_error_not_a_loop()
    {
        var (server, client, requests) = await StartAsync((_, path) => path == "schema/"
            ? (200, Envelope($"[{Schema("a")}]", meta: ""","next":"?page=2" """))
            : (200, Envelope($"[{Schema("b")}]", meta: ""","next":"?page=2" """)));
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemasAsync(default));

        Assert.Contains("loop", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, requests.Count);
    }

    [Theory]
    [InlineData("http://example.invalid/api/data/v1/acme/production/schema/?page=2")]
    [InlineData("/api/auth/v0/refresh/")]
    [InlineData("../../other/production/schema/?page=2")]
    public async Task A_meta_next_outside_the_Data_API_is_not_followed(string next)
    {
        var (server, client, requests) = await StartAsync((_, _) => (200, Envelope($"[{Schema("a")}]", meta: $$""","next":"{{next}}" """)));
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemasAsync(default));

        Assert.Contains("outside the Data API", error.Message, StringComparison.Ordinal);
        Assert.Single(requests);
    }

    [Theory]
    [InlineData("""{"meta":{"code":200},"data":{"name":"x"}}""")]
    [InlineData("""{"meta":{"code":200},"data":[{"type":"attribute"}]}""")]
    [InlineData("""{"meta":{"code":200},"data":{"items":[{"name":"a","fields":{}}]}}""")]
    [InlineData("""{"meta":{"code":200,"next":42},"data":[]}""")]
    [InlineData("""{"meta":{"code":200},"data":[{"name":"a","fields":{"id":{"data_type":"STRING","identifier":"yes"}}}]}""")]
    [InlineData("""{"meta":{"code":200},"data":[{"name":"a","fields":{"id":"STRING"}}]}""")]
    public async Task A_list_answer_it_does_not_understand_is_an_error_not_an_empty_list(string body)
    {
        var (server, client, _) = await StartAsync((_, _) => (200, body));
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemasAsync(default));

        Assert.Equal(ServiceErrorKind.UnexpectedAnswer, error.Kind);
        Assert.Contains("GET /schema/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patch_answer_holding_only_what_changed_is_followed_by_reading_the_schema()
    {
        var (server, client, requests) = await StartAsync((context, path) => context.Request.Method == "PATCH"
            ? (200, Envelope("""{"named_identifier":"member"}"""))
            : (200, Envelope(Schema("customers").Replace("\"customer\"", "\"member\""))));
        await using var _ = server;
        using var __ = client;

        var schema = await client.SetNamedIdentifierAsync("customers", "member", default);

        Assert.Equal("member", schema.NamedIdentifier);
        Assert.Equal(["PATCH /api/data/v1/acme/production/schema/customers/", "GET /api/data/v1/acme/production/schema/customers/"], requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Adding_fields_reads_a_whole_schema_from_the_answer_else_reads_it_again(bool whole)
    {
        var (server, client, requests) = await StartAsync((context, _) => context.Request.Method == "PATCH"
            ? (200, whole ? Envelope(Schema("customers")) : Envelope("""{"fields":{"tier":{"data_type":"STRING"}}}"""))
            : (200, Envelope(Schema("customers"))));
        await using var _ = server;
        using var __ = client;

        var schema = await client.AddFieldsAsync("customers", [new MonetateField("tier", MonetateDataType.String)], default);

        Assert.Equal("customers", schema.Name);
        Assert.Equal(whole ? 1 : 2, requests.Count);
    }

    [Theory]
    [InlineData("""[{"field":"schema_rows[0].tags","message":"schema_rows[0].tags: not a valid MULTI_STRING value"}]""", "schema_rows[0].tags: not a valid MULTI_STRING value")]
    [InlineData("""[{"field":"tags","detail":"not valid"}]""", "tags: not valid")]
    [InlineData("""["plain text"]""", "plain text")]
    [InlineData("""[{"code":7}]""", """{"code":7}""")]
    [InlineData("""{"message":"one object"}""", "one object")]
    public async Task Errors_in_the_envelope_are_read_as_objects_or_strings(string errors, string expected)
    {
        var (server, client, _) = await StartAsync((_, _) => (400, $$"""{"meta":{"code":400,"errors":{{errors}},"warnings":[]},"data":null}"""));
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemaAsync("customers", default));

        Assert.Equal(ServiceErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(expected, error.ServiceMessage);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"field":"named_identifier","message":"named_identifier: schema 'c' has no Identifier Name"}]""", true)]
    [InlineData("""["The dataset has no identifier name set."]""", true)]
    [InlineData("""[{"field":"schema_rows[0].email","message":"bad"}]""", false)]
    public async Task A_refusal_for_a_missing_Identifier_Name_is_recognised(string errors, bool expected)
    {
        var (server, client, _) = await StartAsync((_, _) => (400, $$"""{"meta":{"code":400,"errors":{{errors}},"warnings":[]},"data":null}"""));
        await using var _ = server;
        using var __ = client;

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetRecordAsync("customers", "c1", default));
        var schemaError = await Assert.ThrowsAsync<ServiceException>(() => client.GetSchemaAsync("customers", default));

        Assert.Equal(expected, MonetateErrorTranslator.IsIdentifierNameMissing(error));
        Assert.False(MonetateErrorTranslator.IsIdentifierNameMissing(schemaError));
    }

    [Fact]
    public async Task A_schema_of_a_data_type_this_module_does_not_know_is_read()
    {
        var (server, client, _) = await StartAsync((_, _) => (200, Envelope(
            """{"name":"geo","type":"attribute","fields":{"id":{"data_type":"STRING","identifier":true},"tags":{"data_type":"MULTI_STRING"},"loc":{"data_type":"GEO_POINT"}}}""")));
        await using var _ = server;
        using var __ = client;

        var schema = await client.GetSchemaAsync("geo", default);

        Assert.Equal([MonetateDataType.String, MonetateDataType.MultiString, MonetateDataType.Unknown], schema.Fields.Select(f => f.DataType));
        Assert.Equal("GEO_POINT", schema.Fields[2].DataTypeName);
        Assert.Null(schema.Id);
    }
}
