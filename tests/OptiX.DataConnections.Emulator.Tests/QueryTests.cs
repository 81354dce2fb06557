using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class QueryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task A_query_returns_the_record_under_data()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = "u-1", product_url = "https://shop.test/p/1" });

        var response = await Api.PostAsync(
            $"/connections/{connection}/query", new { primary_key = "u-1", placeholder_values = new { filter = "x" } });

        response.Expect(HttpStatusCode.OK);
        Assert.Equal("""{"data":{"user_id":"u-1","product_url":"https://shop.test/p/1"}}""", response.Body);
    }

    [Fact]
    public async Task A_key_with_no_record_is_404()
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.QueryAsync(connection, "nobody");

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("""{"detail":"Record not found"}""", response.Body);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"primary_key":null}""")]
    [InlineData("""{"primary_key":{"id":1}}""")]
    [InlineData("""{"primary_key":1,"placeholder_values":"x"}""")]
    public async Task A_missing_or_non_scalar_primary_key_is_a_422(string body)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.PostAsync($"/connections/{connection}/query", body);

        response.Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("body", response.Json["detail"]![0]!["loc"]![0]!.GetValue<string>());
    }
}
