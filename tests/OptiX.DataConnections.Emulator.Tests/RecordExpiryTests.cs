using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class RecordExpiryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task A_record_with_ttl_seconds_is_visible_until_it_expires_then_never_returned()
    {
        var connection = await Api.CreateConnectionAsync();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } }, ttl_seconds = 60 })).Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromSeconds(59));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
        // A later write purges it; it stays gone.
        await Api.UploadRecordsAsync(connection, new { user_id = 2 });
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_upload_ttl_under_guide_000s_name_expires_the_same_way()
    {
        var connection = await Api.CreateConnectionAsync();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } }, ttl = 60 })).Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromSeconds(59));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"data":[{"user_id":1}],"ttl_seconds":null}""")]
    [InlineData("""{"data":[{"user_id":1}]}""")]
    public async Task A_null_or_absent_ttl_never_expires(string body)
    {
        var connection = await Api.CreateConnectionAsync();
        (await Api.UploadAsync(connection, body)).Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromDays(3650));

        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_negative_ttl_is_a_400_and_stores_nothing()
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1 } }, ttl_seconds = -1 });

        response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("ttl_seconds", response.Detail);
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_key_can_be_uploaded_again()
    {
        var connection = await Api.CreateConnectionAsync();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 1, v = "old" } }, ttl_seconds = 1 })).Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        await Api.UploadRecordsAsync(connection, new { user_id = 1, v = "new" });

        Assert.Equal("new", (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Json["data"]!["v"]!.GetValue<string>());
    }
}
