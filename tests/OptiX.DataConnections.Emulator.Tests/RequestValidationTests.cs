using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class RequestValidationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Theory]
    [InlineData("""{"name": "n", "primary_key": """)]
    [InlineData("""{name: 'n'}""")]
    [InlineData("not json at all")]
    public async Task Malformed_json_is_a_FastAPI_422(string body)
    {
        var response = await Api.PostAsync("/connections", body);

        response.ExpectValidationErrorAt("body");
        Assert.Equal("value_error.jsondecode", response.Json["detail"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_empty_body_is_a_422()
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.PostAsync($"/connections/{connection}/upload_data", "");

        response.ExpectValidationErrorAt("body");
    }

    [Theory]
    [InlineData("""{"data":{"user_id":1}}""", "body", "data")]
    [InlineData("""{"data":"rows"}""", "body", "data")]
    [InlineData("""{"records":[{"user_id":1}]}""", "body", "data")]
    [InlineData("""{"data":null}""", "body", "data")]
    [InlineData("""[{"user_id":1}]""", "body", null)]
    [InlineData("""{"data":[{"user_id":1}],"batch_completed":"yes"}""", "body", "batch_completed")]
    [InlineData("""{"data":[{"user_id":1}],"ttl_seconds":"3600"}""", "body", "ttl_seconds")]
    [InlineData("""{"data":[{"user_id":1}],"ttl_seconds":1.5}""", "body", "ttl_seconds")]
    public async Task A_body_of_the_wrong_shape_is_a_422_pointing_at_the_field(string body, string root, string? field)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.PostAsync($"/connections/{connection}/upload_data", body);

        if (field is null)
        {
            response.ExpectValidationErrorAt(root);
        }
        else
        {
            response.ExpectValidationErrorAt(root, field);
        }
        (await Api.QueryAsync(connection, 1)).Expect(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(RouteTable.ConnectionScoped), MemberType = typeof(RouteTable))]
    public async Task A_malformed_connection_uuid_in_the_path_is_a_422(string method, string path, string? body)
    {
        var response = await Api.SendAsync(method, RouteTable.Fill(path, "not-a-uuid"), body);

        response.ExpectValidationErrorAt("path", "data_connection_uuid");
        Assert.Equal("type_error.uuid", response.Json["detail"]![0]!["type"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(RouteTable.ConnectionScoped), MemberType = typeof(RouteTable))]
    public async Task An_unknown_connection_is_404(string method, string path, string? body)
    {
        var response = await Api.SendAsync(method, RouteTable.Fill(path, Guid.NewGuid().ToString()), body);

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("""{"detail":"Data connection not found"}""", response.Body);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_with_a_detail()
    {
        var response = await Api.GetAsync("/no-such-route");

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("Not Found", response.Detail);
    }
}
