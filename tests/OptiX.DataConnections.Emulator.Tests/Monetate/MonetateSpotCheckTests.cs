using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

/// <summary><c>GET .../data/{schema}/?id=</c>: the latest row with that identifier, in Monetate's envelope.</summary>
public sealed class MonetateSpotCheckTests(MonetateFixture fixture) : IClassFixture<MonetateFixture>
{
    private const string Data = MonetateFixture.DataBase + "/data/";

    private static async Task<string> CreateSchemaAsync(ApiClient api, string identifierType = "STRING")
    {
        var name = "c_" + Guid.NewGuid().ToString("N")[..12];
        var fields = new Dictionary<string, object>
        {
            ["customer_id"] = MonetateSchemaTests.Field(identifierType, identifier: true, required: true),
            ["email"] = MonetateSchemaTests.Field(),
            ["points"] = MonetateSchemaTests.Field("NUMBER"),
            ["vip"] = MonetateSchemaTests.Field("BOOLEAN"),
        };
        (await api.PostAsync(MonetateFixture.DataBase + "/schema/", MonetateSchemaTests.Schema(name, fields))).Expect(HttpStatusCode.Created);
        return name;
    }

    private static Task<ApiResponse> PostAsync(ApiClient api, string schema, string rows) =>
        api.PostAsync($"{Data}{schema}/", $$"""{"schema_rows":[{{rows}}],"_sent_time":"2026-11-25T12:00:00Z"}""");

    private async Task<ApiResponse> SpotCheckAsync(ApiClient api, string schema, string query)
    {
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        return await api.GetAsync($"{Data}{schema}/{query}");
    }

    [Fact]
    public async Task The_stored_row_is_answered_with_every_schema_field_in_the_envelope()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api);
        (await PostAsync(api, schema, """{"vip":true,"customer_id":"c 1","points":1.50}""")).Expect(HttpStatusCode.Created);

        var response = (await SpotCheckAsync(api, schema, "?id=c%201")).Expect(HttpStatusCode.OK);

        Assert.Equal(
            """{"meta":{"code":200,"errors":[],"warnings":[]},"data":{"customer_id":"c 1","email":null,"points":1.50,"vip":true}}""",
            response.Body);
    }

    [Fact]
    public async Task The_latest_row_with_the_identifier_is_answered()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api);
        (await PostAsync(api, schema, """{"customer_id":"c1","points":1},{"customer_id":"c1","points":2}""")).Expect(HttpStatusCode.Created);
        (await PostAsync(api, schema, """{"customer_id":"c1","points":3}""")).Expect(HttpStatusCode.Created);

        var response = (await SpotCheckAsync(api, schema, "?id=c1")).Expect(HttpStatusCode.OK);

        Assert.Equal(3, response.Json["data"]!["points"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_number_identifier_is_matched_as_written()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api, "NUMBER");
        (await PostAsync(api, schema, """{"customer_id":42,"email":"a@b.c"}""")).Expect(HttpStatusCode.Created);

        var response = (await SpotCheckAsync(api, schema, "?id=42")).Expect(HttpStatusCode.OK);

        Assert.Equal("a@b.c", response.Json["data"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_in_the_envelope()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api);
        (await PostAsync(api, schema, """{"customer_id":"c1"}""")).Expect(HttpStatusCode.Created);

        var response = await SpotCheckAsync(api, schema, "?id=nobody");

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal(
            $$"""{"meta":{"code":404,"errors":["No record with id 'nobody' in schema '{{schema}}'."],"warnings":[]},"data":null}""",
            response.Body);
    }

    [Fact]
    public async Task An_unknown_schema_is_a_404_and_a_missing_id_a_400()
    {
        using var api = await fixture.DataClientAsync();
        var schema = await CreateSchemaAsync(api);

        Assert.Contains("no_such_schema",
            (await SpotCheckAsync(api, "no_such_schema", "?id=c1")).ExpectMonetateError(HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("id",
            (await SpotCheckAsync(api, schema, "")).ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        (await SpotCheckAsync(api, schema, "?id=")).ExpectMonetateError(HttpStatusCode.BadRequest);
    }
}
