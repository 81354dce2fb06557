using System.Net;
using Microsoft.Data.Sqlite;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("optix-emulator-tests-").FullName;

    [Fact]
    public async Task Restarting_on_the_same_data_file_keeps_connections_records_and_open_batches()
    {
        var dataPath = Path.Combine(_directory, "state", "emulator.db");
        string connection;
        var openBatch = Guid.NewGuid();
        await using (var first = await StartAsync(dataPath))
        {
            using var api = Client(first);
            connection = await api.CreateConnectionAsync(name: "survivor");
            await api.UploadRecordsAsync(connection, new { user_id = 1, v = "kept" });
            (await api.UploadAsync(connection, new { data = new[] { new { user_id = 2 } }, batch_uuid = openBatch, batch_completed = false }))
                .Expect(HttpStatusCode.OK);
        }

        // A clean stop checkpoints the write-ahead log into the data file.
        Assert.False(File.Exists(dataPath + "-wal"));
        await using var second = await StartAsync(dataPath);
        using var again = Client(second);

        Assert.Equal(dataPath, second.DataPath);
        Assert.Equal("survivor", (await again.GetAsync($"/connections/{connection}")).Expect(HttpStatusCode.OK).Json["name"]!.GetValue<string>());
        Assert.Equal("kept", (await again.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK).Json["data"]!["v"]!.GetValue<string>());
        (await again.QueryAsync(connection, 2)).Expect(HttpStatusCode.NotFound);
        (await again.UploadAsync(connection, new { data = new[] { new { user_id = 3 } }, batch_uuid = openBatch })).Expect(HttpStatusCode.OK);
        (await again.QueryAsync(connection, 2)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_data_path_the_temporary_file_is_deleted_at_dispose()
    {
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions());
        var dataPath = emulator.DataPath;
        Assert.True(File.Exists(dataPath));

        await emulator.DisposeAsync();

        Assert.False(File.Exists(dataPath));
        Assert.False(File.Exists(dataPath + "-wal"));
    }

    [Fact]
    public async Task Details_stored_before_they_were_checked_make_lookups_a_400_until_replaced()
    {
        var dataPath = Path.Combine(_directory, "legacy.db");
        string connection;
        await using (var first = await StartAsync(dataPath))
        {
            using var api = Client(first);
            connection = await api.CreateConnectionAsync();
        }
        // What an emulator that stored external_api_details unchecked may have left behind.
        using (var sqlite = new SqliteConnection($"Data Source={dataPath};Pooling=False"))
        {
            sqlite.Open();
            using var command = sqlite.CreateCommand();
            command.CommandText = """UPDATE connections SET external_api_details = '{"url":"u"}'""";
            command.ExecuteNonQuery();
        }
        await using var second = await StartAsync(dataPath);
        using var client = Client(second);
        await using var external = await ExternalApiServer.StartAsync("{}");

        var response = await client.QueryAsync(connection, 1);

        response.Expect(HttpStatusCode.BadRequest);
        Assert.StartsWith("The data connection's external_api_details are not valid (external_api_details.http_method: field required)", response.Detail);
        (await client.PutAsync($"/connections/{connection}", new { external_api_details = new { url = external.Root, http_method = "GET" } }))
            .Expect(HttpStatusCode.OK);
        (await client.QueryAsync(connection, 1)).Expect(HttpStatusCode.OK);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Task<RunningEmulator> StartAsync(string dataPath)
    {
        var options = TestBrands.Options();
        options.DataPath = dataPath;
        return EmulatorHost.StartAsync(options);
    }

    private static ApiClient Client(RunningEmulator emulator) =>
        new(emulator.BaseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
}
