using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

public sealed class MonetateDataTests(MonetateFixture fixture) : IClassFixture<MonetateFixture>
{
    private const string Schemas = MonetateFixture.DataBase + "/schema/";
    private const string Data = MonetateFixture.DataBase + "/data/";
    private const string SentTime = "2026-11-25T12:00:00Z";

    private static string NewName() => "d_" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<string> CreateSchemaAsync(ApiClient api, bool uniqueKey = false, bool identifierRequired = true)
    {
        var name = NewName();
        var fields = new Dictionary<string, object>
        {
            ["customer_id"] = MonetateSchemaTests.Field(identifier: true, required: identifierRequired),
            ["email"] = MonetateSchemaTests.Field(uniqueKey: uniqueKey),
            ["points"] = MonetateSchemaTests.Field("NUMBER"),
            ["vip"] = MonetateSchemaTests.Field("BOOLEAN"),
            ["joined"] = MonetateSchemaTests.Field("DATETIME"),
        };
        (await api.PostAsync(Schemas, MonetateSchemaTests.Schema(name, fields))).Expect(HttpStatusCode.Created);
        return name;
    }

    /// <summary>The one row of a spot check's answer, under data.schema_rows as the spec answers it.</summary>
    public static System.Text.Json.Nodes.JsonNode Row(ApiResponse response) =>
        Assert.Single(response.Json["data"]!["schema_rows"]!.AsArray())!;

    private static string Rows(params string[] rows) => $$"""{"schema_rows":[{{string.Join(",", rows)}}],"_sent_time":"{{SentTime}}"}""";

    /// <summary>Spot checks are limited to one a second per user: each starts a second after the last.</summary>
    private async Task<ApiResponse> SpotCheckAsync(ApiClient api, string schema, string id)
    {
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        return await api.GetAsync($"{Data}{schema}/?id={Uri.EscapeDataString(id)}");
    }

    [Theory]
    [InlineData("""{"customer_id":"c1","email":"a@b.c","points":1.5,"vip":true,"joined":"2026-01-02T03:04:05Z"}""")]
    [InlineData("""{"customer_id":"c1"}""")]
    [InlineData("""{"customer_id":"c1","points":-3,"vip":false,"joined":"2026-01-02"}""")]
    [InlineData("""{"customer_id":"c1","joined":"2026-01-02T03:04:05.123+02:00","email":null}""")]
    public async Task Valid_rows_are_accepted(string row)
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api);

        var response = (await api.PostAsync($"{Data}{schema}/", Rows(row))).Expect(HttpStatusCode.Created);

        Assert.Equal(201, response.Json["meta"]!["code"]!.GetValue<int>());
        Assert.Single(response.Json["data"]!["schema_rows"]!.AsArray());
    }

    [Fact]
    public async Task A_row_without_the_identifier_is_refused_even_when_the_identifier_is_not_marked_required()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api, identifierRequired: false);

        var error = (await api.PostAsync($"{Data}{schema}/", Rows("""{"customer_id":"c1"}""", """{"email":"no-id@x.y"}""")))
            .ExpectMonetateError(HttpStatusCode.BadRequest);

        Assert.Contains("schema_rows[1].customer_id", error);
    }

    [Theory]
    [InlineData("""{"customer_id":""}""", "customer_id")]
    [InlineData("""{"customer_id":" c1"}""", "customer_id")]
    [InlineData("""{"customer_id":"c1 "}""", "customer_id")]
    [InlineData("""{"customer_id":42}""", "customer_id")]
    [InlineData("""{"email":"a@b.c"}""", "customer_id")]
    [InlineData("""{"customer_id":null}""", "customer_id")]
    [InlineData("""{"customer_id":"c1","points":"12"}""", "points")]
    [InlineData("""{"customer_id":"c1","points":true}""", "points")]
    [InlineData("""{"customer_id":"c1","vip":"true"}""", "vip")]
    [InlineData("""{"customer_id":"c1","vip":1}""", "vip")]
    [InlineData("""{"customer_id":"c1","joined":"yesterday"}""", "joined")]
    [InlineData("""{"customer_id":"c1","joined":"12/25/2026"}""", "joined")]
    [InlineData("""{"customer_id":"c1","joined":"2026-13-45T00:00:00Z"}""", "joined")]
    [InlineData("""{"customer_id":"c1","joined":1700000000}""", "joined")]
    [InlineData("""{"customer_id":"c1","nickname":"x"}""", "nickname")]
    [InlineData("""["c1"]""", "schema_rows[1]")]
    public async Task A_bad_row_is_a_400_naming_row_and_field_and_nothing_is_stored(string badRow, string field)
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api);

        var error = (await api.PostAsync($"{Data}{schema}/", Rows("""{"customer_id":"good"}""", badRow)))
            .ExpectMonetateError(HttpStatusCode.BadRequest);

        Assert.Contains("schema_rows[1]", error, StringComparison.Ordinal);
        Assert.Contains(field, error, StringComparison.Ordinal);
        (await SpotCheckAsync(api, schema, "good")).ExpectMonetateError(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"schema_rows":[{"customer_id":"c1"}],"_sent_time":12}""", "_sent_time")]
    [InlineData("""{"schema_rows":[{"customer_id":"c1"}],"_sent_time":"now"}""", "_sent_time")]
    [InlineData("""{"_sent_time":"2026-11-25T12:00:00Z"}""", "schema_rows")]
    [InlineData("""{"schema_rows":{"customer_id":"c1"},"_sent_time":"2026-11-25T12:00:00Z"}""", "schema_rows")]
    [InlineData("""{"schema_rows":[],"_sent_time":"2026-11-25T12:00:00Z","extra":1}""", "extra")]
    public async Task A_malformed_post_is_a_400(string body, string named)
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api);

        var error = (await api.PostAsync($"{Data}{schema}/", body)).ExpectMonetateError(HttpStatusCode.BadRequest);

        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_to_an_unknown_schema_is_a_404()
    {
        using var api = await fixture.DataClientAsync();

        (await api.PostAsync($"{Data}no_such_schema/", Rows("""{"customer_id":"c1"}"""))).ExpectMonetateError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rows_with_the_same_unique_key_replace_earlier_rows()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api, uniqueKey: true);

        (await api.PostAsync($"{Data}{schema}/", Rows(
            """{"customer_id":"c1","email":"same@x.y","points":1}""",
            """{"customer_id":"c2","email":"other@x.y","points":2}"""))).Expect(HttpStatusCode.Created);
        (await api.PostAsync($"{Data}{schema}/", Rows("""{"customer_id":"c3","email":"same@x.y","points":3}""")))
            .Expect(HttpStatusCode.Created);

        (await SpotCheckAsync(api, schema, "c1")).ExpectMonetateError(HttpStatusCode.NotFound);
        var replaced = (await SpotCheckAsync(api, schema, "c3")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, Row(replaced)["points"]!.GetValue<int>());
        Assert.Null(Row(replaced)["vip"]);
        (await SpotCheckAsync(api, schema, "c2")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rejected_post_replaces_no_row_either()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api, uniqueKey: true);
        (await api.PostAsync($"{Data}{schema}/", Rows("""{"customer_id":"c1","email":"same@x.y"}"""))).Expect(HttpStatusCode.Created);

        (await api.PostAsync($"{Data}{schema}/", Rows("""{"customer_id":"c2","email":"same@x.y"}""", """{"customer_id":""}""")))
            .ExpectMonetateError(HttpStatusCode.BadRequest);

        (await SpotCheckAsync(api, schema, "c1")).Expect(HttpStatusCode.OK);
        (await SpotCheckAsync(api, schema, "c2")).ExpectMonetateError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_unique_key_every_row_is_new()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api, uniqueKey: false);

        (await api.PostAsync($"{Data}{schema}/", Rows(
            """{"customer_id":"c1","email":"same@x.y","points":1}""",
            """{"customer_id":"c2","email":"same@x.y","points":2}"""))).Expect(HttpStatusCode.Created);

        Assert.Equal(1, Row((await SpotCheckAsync(api, schema, "c1")).Expect(HttpStatusCode.OK))["points"]!.GetValue<int>());
        Assert.Equal(2, Row((await SpotCheckAsync(api, schema, "c2")).Expect(HttpStatusCode.OK))["points"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_a_schema_deletes_its_data()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api);
        (await api.PostAsync($"{Data}{schema}/", Rows("""{"customer_id":"c1"}"""))).Expect(HttpStatusCode.Created);

        (await api.DeleteAsync($"{Schemas}{schema}/")).Expect(HttpStatusCode.NoContent);

        (await SpotCheckAsync(api, schema, "c1")).ExpectMonetateError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_second_spot_check_within_a_second_is_a_429_with_retry_after()
    {
        using var api = await fixture.DataClientAsync("bob");
        var schema = await CreateSchemaAsync(api);
        (await api.PostAsync($"{Data}{schema}/", Rows("""{"customer_id":"c1"}"""))).Expect(HttpStatusCode.Created);

        (await SpotCheckAsync(api, schema, "c1")).Expect(HttpStatusCode.OK);
        var limited = await api.GetAsync($"{Data}{schema}/?id=c1");
        limited.ExpectMonetateError(HttpStatusCode.TooManyRequests);
        Assert.Equal("1", limited.Headers["retry-after"]);

        fixture.Clock.Advance(TimeSpan.FromMilliseconds(999));
        (await api.GetAsync($"{Data}{schema}/?id=c1")).ExpectMonetateError(HttpStatusCode.TooManyRequests);
        fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
        (await api.GetAsync($"{Data}{schema}/?id=c1")).Expect(HttpStatusCode.OK);
    }
}
