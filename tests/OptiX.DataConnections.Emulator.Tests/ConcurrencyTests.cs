using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class ConcurrencyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task Parallel_uploads_to_one_connection_all_land()
    {
        const int uploads = 8;
        const int recordsEach = 500;
        var connection = await Api.CreateConnectionAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, uploads).Select(upload => Task.Run(() =>
            Api.UploadAsync(connection, new
            {
                data = Enumerable.Range(0, recordsEach).Select(i => new { user_id = $"{upload}-{i}", upload }),
            }))));

        Assert.All(answers, answer => answer.Expect(HttpStatusCode.OK));
        var schema = (await Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(uploads * recordsEach, schema["record_count"]!.GetValue<long>());
        for (var upload = 0; upload < uploads; upload++)
        {
            var record = (await Api.QueryAsync(connection, $"{upload}-{recordsEach - 1}")).Expect(HttpStatusCode.OK).Json;
            Assert.Equal(upload, record["data"]!["upload"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Queries_running_alongside_uploads_see_whole_requests()
    {
        var connection = await Api.CreateConnectionAsync();
        await Api.UploadRecordsAsync(connection, new { user_id = 0, round = 0 });

        var writer = Task.Run(async () =>
        {
            for (var round = 1; round <= 20; round++)
            {
                (await Api.UploadAsync(connection, new { data = new[] { new { user_id = 0, round }, new { user_id = 1, round } } }))
                    .Expect(HttpStatusCode.OK);
            }
        });
        var reads = Task.Run(async () =>
        {
            while (!writer.IsCompleted)
            {
                (await Api.QueryAsync(connection, 0)).Expect(HttpStatusCode.OK);
            }
        });
        await Task.WhenAll(writer, reads);

        var first = (await Api.QueryAsync(connection, 0)).Json["data"]!["round"]!.GetValue<int>();
        var second = (await Api.QueryAsync(connection, 1)).Json["data"]!["round"]!.GetValue<int>();
        Assert.Equal(20, first);
        Assert.Equal(20, second);
    }
}
