using System.Net;
using Microsoft.Data.Sqlite;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>What the data file holds: superseded record versions are swept, and files of the previous schema migrate.</summary>
public sealed class RecordVersionFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("optix-emulator-tests-").FullName;
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task Versions_a_later_batch_replaced_or_a_discarded_batch_left_are_dropped_by_the_writes_that_follow()
    {
        var dataPath = Path.Combine(_directory, "sweep.db");
        await using var emulator = await StartAsync(dataPath);
        using var api = Client(emulator);
        var connection = await api.CreateConnectionAsync();
        foreach (var v in new[] { "one", "two" })
        {
            var batch = Guid.NewGuid();
            await SendAsync(api, connection, batch, completed: false, new { user_id = 1, v }, new { user_id = 2, v });
            await SendAsync(api, connection, batch, completed: true, new { user_id = 3, v });
        }
        Assert.Equal(5, CountVersions(dataPath));
        await SendAsync(api, connection, Guid.NewGuid(), completed: false, new { user_id = 9 }, new { user_id = 10 });

        await api.UploadRecordsAsync(connection, new { user_id = 4 });
        Assert.Equal(6, CountVersions(dataPath));
        _clock.Advance(TimeSpan.FromHours(25));
        await api.UploadRecordsAsync(connection, new { user_id = 5 });

        Assert.Equal(5, CountVersions(dataPath));
        foreach (var key in new[] { 1, 2, 3 })
        {
            Assert.Equal("two", (await api.QueryAsync(connection, key)).Expect(HttpStatusCode.OK).Json["data"]!["v"]!.GetValue<string>());
        }
        (await api.QueryAsync(connection, 9)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_connections_first_batch_asks_for_no_sweep_and_a_batch_over_a_completed_one_does()
    {
        var dataPath = Path.Combine(_directory, "first.db");
        await using var emulator = await StartAsync(dataPath);
        using var api = Client(emulator);
        var connection = await api.CreateConnectionAsync();
        var first = Guid.NewGuid();
        await SendAsync(api, connection, first, completed: false, new { user_id = 1, v = "one" });
        await SendAsync(api, connection, first, completed: true, new { user_id = 2, v = "one" });
        Assert.Equal(0L, Scalar(dataPath, "SELECT COUNT(*) FROM sweeps"));

        var second = Guid.NewGuid();
        await SendAsync(api, connection, second, completed: false, new { user_id = 1, v = "two" });
        await SendAsync(api, connection, second, completed: true, new { user_id = 3, v = "two" });

        Assert.Equal(1L, Scalar(dataPath, "SELECT COUNT(*) FROM sweeps"));
        Assert.Equal("two", await ValueAsync(api, connection, 1));
    }

    [Fact]
    public async Task A_data_file_of_the_previous_schema_is_migrated_records_expiry_and_batches_kept()
    {
        var dataPath = Path.Combine(_directory, "v1.db");
        var connection = Guid.NewGuid();
        var openBatch = Guid.NewGuid();
        var completedBatch = Guid.NewGuid();
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        Execute(dataPath, Version1Schema + $$"""
            INSERT INTO connections (uuid, brand_key, name, primary_key, created_at, updated_at)
            VALUES ('{{connection}}', '{{TestBrands.Main.BrandKey}}', 'old', 'user_id', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
            INSERT INTO records VALUES (1, '1', '{"user_id":1,"v":"kept"}', NULL);
            INSERT INTO records VALUES (1, '2', '{"user_id":2,"v":"for an hour"}', {{now + 3_600_000}});
            INSERT INTO records VALUES (1, '3', '{"user_id":3,"v":"expired"}', {{now - 1}});
            INSERT INTO batches VALUES (1, '{{completedBatch}}', 1, 1, {{now}});
            INSERT INTO batches VALUES (2, '{{openBatch}}', 1, 0, {{now}});
            INSERT INTO staged_records VALUES (2, '1', '{"user_id":1,"v":"staged"}', NULL);
            PRAGMA user_version = 1;
            """);

        await using (var emulator = await StartAsync(dataPath))
        {
            using var api = Client(emulator);
            var id = connection.ToString();
            Assert.Equal("kept", await ValueAsync(api, id, 1));
            Assert.Equal("for an hour", await ValueAsync(api, id, 2));
            (await api.QueryAsync(id, 3)).Expect(HttpStatusCode.NotFound);
            (await api.UploadAsync(id, new { data = new[] { new { user_id = 4 } }, batch_uuid = completedBatch })).Expect(HttpStatusCode.Conflict);

            await SendAsync(api, id, openBatch, completed: true, new { user_id = 5, v = "new" });

            Assert.Equal("staged", await ValueAsync(api, id, 1));
            Assert.Equal("new", await ValueAsync(api, id, 5));
            _clock.Advance(TimeSpan.FromHours(2));
            (await api.QueryAsync(id, 2)).Expect(HttpStatusCode.NotFound);
        }
        Assert.Equal(2L, Scalar(dataPath, "PRAGMA user_version"));
    }

    [Fact]
    public async Task A_data_file_of_a_newer_schema_is_refused_naming_both_versions()
    {
        var dataPath = Path.Combine(_directory, "newer.db");
        Execute(dataPath, "PRAGMA user_version = 99;");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(dataPath));

        Assert.Contains("newer emulator (schema 99; this one knows 2)", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // The tables an emulator of schema 1 wrote (only those the migration reads).
    private const string Version1Schema = """
        CREATE TABLE connections (
            id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, brand_key TEXT NOT NULL, name TEXT NOT NULL,
            primary_key TEXT NOT NULL, description TEXT, external_api_details TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX connections_by_brand ON connections (brand_key, id);
        CREATE TABLE records (
            connection_id INTEGER NOT NULL, record_key TEXT NOT NULL, data TEXT NOT NULL, expires_at INTEGER,
            PRIMARY KEY (connection_id, record_key));
        CREATE INDEX records_by_expiry ON records (expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, connection_id INTEGER NOT NULL, completed INTEGER NOT NULL,
            last_request_at INTEGER NOT NULL);
        CREATE INDEX batches_by_connection ON batches (connection_id);
        CREATE INDEX open_batches_by_age ON batches (last_request_at) WHERE completed = 0;
        CREATE TABLE staged_records (
            batch_id INTEGER NOT NULL, record_key TEXT NOT NULL, data TEXT NOT NULL, ttl_seconds INTEGER,
            PRIMARY KEY (batch_id, record_key));

        """;

    private static async Task SendAsync(ApiClient api, string connection, Guid batch, bool completed, params object[] records) =>
        (await api.UploadAsync(connection, new { data = records, batch_uuid = batch, batch_completed = completed })).Expect(HttpStatusCode.OK);

    private static async Task<string> ValueAsync(ApiClient api, string connection, int key) =>
        (await api.QueryAsync(connection, key)).Expect(HttpStatusCode.OK).Json["data"]!["v"]!.GetValue<string>();

    private static long CountVersions(string dataPath) => (long)Scalar(dataPath, "SELECT COUNT(*) FROM record_versions")!;

    private static object? Scalar(string dataPath, string sql)
    {
        using var sqlite = new SqliteConnection($"Data Source={dataPath};Pooling=False");
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string dataPath, string sql)
    {
        using var sqlite = new SqliteConnection($"Data Source={dataPath};Pooling=False");
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private Task<RunningEmulator> StartAsync(string dataPath)
    {
        var options = TestBrands.Options();
        options.DataPath = dataPath;
        options.TimeProvider = _clock;
        return EmulatorHost.StartAsync(options);
    }

    private static ApiClient Client(RunningEmulator emulator) =>
        new(emulator.BaseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
}
