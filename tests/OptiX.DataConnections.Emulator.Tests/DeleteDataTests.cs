using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class DeleteDataTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    private Task<ApiResponse> DeleteKeysAsync(string connection, object body) =>
        Api.PostAsync($"/connections/{connection}/delete_data", body);

    [Fact]
    public async Task Delete_removes_the_records_and_answers_the_count()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 4942985 }, new { user_id = "2" }, new { user_id = "1e6bbf91" }, new { user_id = 9 });

        var answer = await DeleteKeysAsync(connection, new { primary_keys = new object[] { "4942985", 2, "1e6bbf91" } });

        answer.Expect(HttpStatusCode.OK);
        Assert.Equal("""{"status":"success","deleted_records":3}""", answer.Body);
        (await Api.QueryAsync(connection, 4942985)).Expect(HttpStatusCode.NotFound);
        (await Api.QueryAsync(connection, "2")).Expect(HttpStatusCode.NotFound);
        (await Api.QueryAsync(connection, 9)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_that_does_not_exist_rejects_the_request_listing_it_and_deletes_nothing()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1 });

        var response = await DeleteKeysAsync(connection, new { primary_keys = new object[] { 1, "ghost", true } });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("ensure the primary_key exists", response.Detail);
        Assert.Equal(["ghost", "true"], response.Json["missing_primary_keys"]!.AsArray().Select(key => key!.GetValue<string>()));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_repeated_in_the_request_is_deleted_once()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 1 });

        var answer = (await DeleteKeysAsync(connection, new { primary_keys = new object[] { 1, "1" } })).Expect(HttpStatusCode.OK);

        Assert.Equal(1, answer.Json["deleted_records"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5001)]
    public async Task Fewer_than_1_or_more_than_5000_keys_is_a_400_stating_the_limit(int count)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await DeleteKeysAsync(connection, new { primary_keys = Enumerable.Range(1, count) });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("at most 5000", response.Detail);
    }

    [Theory]
    [InlineData("{}", new object[] { "body", "primary_keys" })]
    [InlineData("""{"primary_keys":"1"}""", new object[] { "body", "primary_keys" })]
    [InlineData("""{"primary_keys":[1,{"id":2}]}""", new object[] { "body", "primary_keys", 1 })]
    [InlineData("""{"primary_keys":[null]}""", new object[] { "body", "primary_keys", 0 })]
    public async Task A_body_of_the_wrong_shape_is_a_422(string body, object[] loc)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await DeleteKeysAsync(connection, body);

        response.ExpectValidationErrorAt(loc);
    }
}
