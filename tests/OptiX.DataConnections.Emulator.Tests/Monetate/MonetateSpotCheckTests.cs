using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

/// <summary><c>GET .../data/{schema}/?id=</c>: the latest row with that identifier, under <c>data.schema_rows</c> in Monetate's envelope.</summary>
public sealed class MonetateSpotCheckTests(MonetateFixture fixture) : IClassFixture<MonetateFixture>
{
    private const string Data = MonetateFixture.DataBase + "/data/";

    private static async Task<string> CreateSchemaAsync(ApiClient api)
    {
        var name = "c_" + Guid.NewGuid().ToString("N")[..12];
        var fields = new Dictionary<string, object>
        {
            ["customer_id"] = MonetateSchemaTests.Field(identifier: true, required: true),
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
            """{"meta":{"code":200,"errors":[],"warnings":[]},"data":{"schema_rows":[{"customer_id":"c 1","email":null,"points":1.50,"vip":true}]}}""",
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

        Assert.Equal(3, MonetateDataTests.Row(response)["points"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_schema_without_an_identifier_name_refuses_rows_and_spot_checks_naming_it()
    {
        using var api = await fixture.DataClientAsync();
        var name = "n_" + Guid.NewGuid().ToString("N")[..12];
        var fields = new Dictionary<string, object> { ["customer_id"] = MonetateSchemaTests.Field(identifier: true) };
        (await api.PostAsync(MonetateFixture.DataBase + "/schema/", new { name, type = "attribute", fields })).Expect(HttpStatusCode.Created);

        var posted = await PostAsync(api, name, """{"customer_id":"c1"}""");
        Assert.Contains("Identifier Name", posted.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("named_identifier", posted.ErrorField());
        var checkedRow = await SpotCheckAsync(api, name, "?id=c1");
        Assert.Contains("Identifier Name", checkedRow.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        (await api.PatchAsync($"{MonetateFixture.DataBase}/schema/{name}/", new { named_identifier = "customer" })).Expect(HttpStatusCode.OK);
        (await PostAsync(api, name, """{"customer_id":"c1"}""")).Expect(HttpStatusCode.Created);
        (await SpotCheckAsync(api, name, "?id=c1")).Expect(HttpStatusCode.OK);
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
            $$"""{"meta":{"code":404,"errors":[{"message":"No record with id 'nobody' in schema '{{schema}}'."}],"warnings":[]},"data":null}""",
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
