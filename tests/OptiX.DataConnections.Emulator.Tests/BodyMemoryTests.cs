using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>
/// The emulator executable under four concurrent 60 MiB bodies, its memory read from the OS (/proc, Linux only): the
/// peak resident set stays under 1.5 GB, and most of it is given back after the burst.
/// </summary>
public sealed class BodyMemoryTests(ITestOutputHelper output)
{
    private const long PeakLimitBytes = 1536L * 1024 * 1024;
    private const int BodyBytes = 60 * 1024 * 1024;

    [Fact]
    public async Task Four_concurrent_60_MiB_bodies_keep_the_process_under_1_5_GB_and_the_memory_returns_afterwards()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var process = EmulatorProcess.Start("--port", "0", "--exit-on-stdin-close");
        try
        {
            var banner = await EmulatorProcess.ReadBannerAsync(process);
            var baseUri = new Uri(banner.Single(line => line.StartsWith("Base URI: ", StringComparison.Ordinal))["Base URI: ".Length..]);
            using var api = new ApiClient(baseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
            var connection = await api.CreateConnectionAsync();
            var idle = Memory(process.Id);

            // 5000 records of about 12 KiB each: a valid upload of 60 MiB.
            var valid = Enumerable.Range(0, 4).Select(n => ValidBody(n)).ToList();
            var stored = await Task.WhenAll(valid.Select(body => PostAsync(baseUri, connection, body)));
            Assert.All(stored, status => Assert.Equal(HttpStatusCode.OK, status));
            var afterValid = Memory(process.Id);

            // The shape that used to cost 800 MB each: 60 MiB of tiny records (far more than 5000, so a 400).
            var tiny = TinyBody();
            var refused = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(baseUri, connection, tiny)));
            Assert.All(refused, status => Assert.Equal(HttpStatusCode.BadRequest, status));
            var peak = Memory(process.Id);

            var settled = peak;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && settled.Resident > idle.Resident + (peak.Peak - idle.Resident) / 2)
            {
                await Task.Delay(250);
                settled = Memory(process.Id);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle {Mib(idle.Resident)} MiB; after 4 valid 60 MiB uploads {Mib(afterValid.Resident)} MiB (peak {Mib(afterValid.Peak)}); "
                + $"after 4 tiny-record bodies peak {Mib(peak.Peak)} MiB; settled {Mib(settled.Resident)} MiB"));
            Assert.True(peak.Peak < PeakLimitBytes, $"peak resident memory {Mib(peak.Peak)} MiB");
            Assert.True(
                settled.Resident <= idle.Resident + ((peak.Peak - idle.Resident) / 2),
                $"resident memory {Mib(settled.Resident)} MiB 30 s after the burst (idle {Mib(idle.Resident)}, peak {Mib(peak.Peak)})");
            (await api.GetAsync("/connections")).Expect(HttpStatusCode.OK);
        }
        finally
        {
            EmulatorProcess.StopIfRunning(process);
        }
    }

    private static async Task<HttpStatusCode> PostAsync(Uri baseUri, string connection, byte[] body)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUri}/connections/{connection}/upload_data")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-api-key", TestBrands.Main.ApiKey);
        request.Headers.Add("x-brand-key", TestBrands.Main.BrandKey);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static byte[] ValidBody(int n)
    {
        var text = new string('x', (BodyBytes / 5000) - 40);
        var json = new StringBuilder(BodyBytes + 1024).Append("{\"data\":[");
        for (var i = 0; i < 5000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"user_id\":\"").Append(n).Append('-').Append(i).Append("\",\"t\":\"").Append(text).Append("\"}");
        }
        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static byte[] TinyBody()
    {
        var json = new StringBuilder(BodyBytes + 1024).Append("{\"data\":[");
        for (var i = 0; json.Length < BodyBytes; i++)
        {
            json.Append(i == 0 ? "{\"user_id\":1}" : ",{\"user_id\":1}");
        }
        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    /// <summary>VmRSS and VmHWM (the peak) of a process, from /proc/PID/status.</summary>
    private static (long Resident, long Peak) Memory(int pid)
    {
        long resident = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }
        return (resident, peak);

        static long Kilobytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}
