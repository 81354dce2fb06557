using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary><c>external-content/emarsys</c>: the record flattened to string values.</summary>
public sealed class EmarsysTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task An_uploaded_record_is_flattened_to_strings_with_dotted_keys_and_JSON_encoded_arrays()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadAsync(connection, """
            {"data":[{"user_id":1,"name":"Ann \"A\"","score":9.50,"vip":true,"off":false,"nothing":null,
                      "address":{"city":"Oslo","geo":{"lat":59.9,"tags":[]}},"tags":["a", {"b" : 1}],"empty":{}}]}
            """);

        var response = await Api.PostAsync($"/connections/{connection}/external-content/emarsys", new { primary_key = 1 });

        const string Expected = """
            {"content":{"user_id":"1","name":"Ann \"A\"","score":"9.50","vip":"true","off":"false","nothing":"",
            "address.city":"Oslo","address.geo.lat":"59.9","address.geo.tags":"[]","tags":"[\"a\",{\"b\":1}]","empty":""}}
            """;
        Assert.Equal(
            Expected.Replace("\n", "", StringComparison.Ordinal),
            response.Expect(HttpStatusCode.OK).Body);
    }

    [Fact]
    public async Task A_missing_record_is_404()
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.PostAsync($"/connections/{connection}/external-content/emarsys", new { primary_key = "nobody" });

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("""{"detail":"Record not found"}""", response.Body);
    }

    [Fact]
    public async Task An_API_based_record_is_fetched_with_the_placeholders_and_flattened()
    {
        await using var external = await ExternalApiServer.StartAsync("""{"id":"k","offer":{"title":"Sale","pct":20}}""");
        var connection = await Api.CreateApiConnectionAsync(new
        {
            url = external.Root + "/offers/{primary_key}?lang={lang}",
            http_method = "GET",
            sample_placeholder_values = new { primary_key = "s", lang = "en" },
        });

        var response = await Api.PostAsync(
            $"/connections/{connection}/external-content/emarsys", new { primary_key = "k", placeholder_values = new { lang = "de" } });

        Assert.Equal("""{"content":{"id":"k","offer.title":"Sale","offer.pct":"20"}}""", response.Expect(HttpStatusCode.OK).Body);
        Assert.Equal("/offers/k?lang=de", external.Calls[^1].PathAndQuery);
        var missing = await Api.PostAsync($"/connections/{connection}/external-content/emarsys", new { primary_key = "k" });
        missing.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("Missing placeholder value(s): lang", missing.Detail);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"primary_key":null}""")]
    [InlineData("""{"primary_key":1,"placeholder_values":"x"}""")]
    public async Task A_malformed_body_is_a_422(string body)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.PostAsync($"/connections/{connection}/external-content/emarsys", body);

        response.Expect(HttpStatusCode.UnprocessableEntity);
    }
}
