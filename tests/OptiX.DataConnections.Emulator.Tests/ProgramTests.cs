using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>Runs the emulator executable the way scripts do.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task It_prints_its_banner_with_Now_listening_on_last_serves_and_stops_on_SIGTERM()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), $"optix-emulator-program-{Guid.NewGuid():N}.db");
        using var process = EmulatorProcess.Start(
            "--port", "0", "--data", dataPath, "--brand", "brand-x=key-x", "--brand", "brand-y=key-y",
            "--faults", "schema:500=0.5;seed=9", "--admin-key", "banner-admin-key");
        try
        {
            var lines = await EmulatorProcess.ReadBannerAsync(process);

            Assert.Equal(8, lines.Count);
            Assert.Matches(@"^OptiX Data Connections emulator \d+\.\d+\.\d+\S*$", lines[0]);
            Assert.Equal($"Data: {dataPath}", lines[1]);
            Assert.Equal("Brand key: brand-x  API key: key-x", lines[2]);
            Assert.Equal("Brand key: brand-y  API key: key-y", lines[3]);
            var root = Assert.Single(Regex.Matches(lines[7], @"^Now listening on: (http://127\.0\.0\.1:\d+)$")).Groups[1].Value;
            Assert.Equal($"Base URI: {root}/api/data-connections/v1", lines[4]);
            Assert.Equal("Faults: schema:500=0.5;seed=9  Seed: 9", lines[5]);
            Assert.Equal("Admin key: banner-admin-key", lines[6]);

            using var api = new ApiClient(new Uri($"{root}/api/data-connections/v1"), "brand-y", "key-y");
            (await api.GetAsync("/connections")).Expect(HttpStatusCode.OK);
            using var admin = new ApiClient(new Uri(root), ("x-admin-key", "banner-admin-key"));
            Assert.Equal(9, (await admin.GetAsync("/admin/faults")).Expect(HttpStatusCode.OK).Json["seed"]!.GetValue<int>());

            if (!OperatingSystem.IsWindows())
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);
                await process.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);
                Assert.Equal(0, process.ExitCode);
                Assert.True(File.Exists(dataPath));
                Assert.False(File.Exists(dataPath + "-wal"));
            }
        }
        finally
        {
            EmulatorProcess.StopIfRunning(process);
            foreach (var file in new[] { dataPath, dataPath + "-wal", dataPath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task With_exit_on_stdin_close_it_stops_when_its_input_closes_and_deletes_its_temporary_file()
    {
        using var process = EmulatorProcess.Start("--port", "0", "--exit-on-stdin-close");
        try
        {
            var lines = await EmulatorProcess.ReadBannerAsync(process);
            Assert.Equal($"Brand key: {EmulatorOptions.DevelopmentBrandKey}  API key: {EmulatorOptions.DevelopmentApiKey}", lines[2]);
            Assert.Matches("^Admin key: [0-9a-f]{32}$", lines[^2]);
            var dataPath = lines[1]["Data: ".Length..];
            Assert.True(File.Exists(dataPath));

            process.StandardInput.Close();

            await process.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);
            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(dataPath));
        }
        finally
        {
            EmulatorProcess.StopIfRunning(process);
        }
    }

    [Fact]
    public async Task A_port_in_use_is_reported_in_one_line_with_exit_code_1()
    {
        await using var running = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var process = EmulatorProcess.Start("--port", running.RootUri.Port.ToString(CultureInfo.InvariantCulture));

        var error = await process.StandardError.ReadToEndAsync().WaitAsync(EmulatorProcess.Timeout);
        await process.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);

        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith("Could not start the emulator:", error);
    }

    [Fact]
    public async Task Bad_arguments_print_the_reason_to_stderr_and_exit_with_2()
    {
        using var process = EmulatorProcess.Start("--port", "not-a-port");

        var error = await process.StandardError.ReadToEndAsync().WaitAsync(EmulatorProcess.Timeout);
        await process.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--port", error);
        Assert.Empty(await process.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public async Task With_a_parent_pid_it_leaves_the_process_group_ignores_SIGINT_and_stops_when_the_parent_exits()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var parent = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        using var process = EmulatorProcess.Start("--port", "0", "--parent-pid", parent.Id.ToString(CultureInfo.InvariantCulture));
        try
        {
            var lines = await EmulatorProcess.ReadBannerAsync(process);
            var root = lines[^1]["Now listening on: ".Length..];
            using var api = new ApiClient(new Uri($"{root}/api/data-connections/v1"), EmulatorOptions.DevelopmentBrandKey, EmulatorOptions.DevelopmentApiKey);

            // Its own session: the process group id is its own pid, not the test runner's group.
            var stat = File.ReadAllText($"/proc/{process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            Assert.Equal(process.Id.ToString(CultureInfo.InvariantCulture), fields[2]);

            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);
            }
            await Task.Delay(500);
            (await api.GetAsync("/connections")).Expect(HttpStatusCode.OK);
            Assert.False(process.HasExited);

            parent.Kill();
            await process.WaitForExitAsync().WaitAsync(EmulatorProcess.Timeout);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            EmulatorProcess.StopIfRunning(process);
            if (!parent.HasExited)
            {
                parent.Kill();
            }
        }
    }
}
