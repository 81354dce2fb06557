using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class BrandIsolationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [MemberData(nameof(RouteTable.ConnectionScoped), MemberType = typeof(RouteTable))]
    public async Task Another_brands_connection_is_404_and_left_untouched(string method, string path, string? body)
    {
        var connection = await fixture.Main.CreateConnectionAsync();
        await fixture.Main.UploadRecordsAsync(connection, new { user_id = 1, name = "kept" });
        var reference = (await fixture.Main.PostAsync(
            $"/connections/{connection}/references", new { reference_type = "mail", reference_id = "m-1" }))
            .Expect(HttpStatusCode.Created).Json["reference_uuid"]!.GetValue<string>();

        var response = await fixture.Other.SendAsync(method, RouteTable.Fill(path, connection, reference), body);

        response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("Data connection not found", response.Detail);
        var connectionObject = (await fixture.Main.GetAsync($"/connections/{connection}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("test connection", connectionObject["name"]!.GetValue<string>());
        var record = (await fixture.Main.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("kept", record["data"]!["name"]!.GetValue<string>());
        var references = (await fixture.Main.GetAsync($"/connections/{connection}/references")).Json.AsArray();
        Assert.Single(references);
    }

    [Fact]
    public async Task A_brand_lists_only_its_own_connections()
    {
        var mine = await fixture.Main.CreateConnectionAsync();
        var theirs = await fixture.Other.CreateConnectionAsync();

        var mainList = (await fixture.Main.GetAsync("/connections")).Expect(HttpStatusCode.OK).Json.AsArray();
        var otherList = (await fixture.Other.GetAsync("/connections")).Expect(HttpStatusCode.OK).Json.AsArray();

        var mainIds = mainList.Select(c => c!["data_connection_uuid"]!.GetValue<string>()).ToList();
        var otherIds = otherList.Select(c => c!["data_connection_uuid"]!.GetValue<string>()).ToList();
        Assert.Contains(mine, mainIds);
        Assert.DoesNotContain(theirs, mainIds);
        Assert.Contains(theirs, otherIds);
        Assert.DoesNotContain(mine, otherIds);
    }
}
