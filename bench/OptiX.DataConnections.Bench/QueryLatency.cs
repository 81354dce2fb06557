using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OptiX.DataConnections.Bench;

/// <summary>Query-by-key latency on a loaded connection: random existing keys, one request at a time, p50 and p99.</summary>
internal static class QueryLatency
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUri = args.Get("base-uri").TrimEnd('/');
        var uri = $"{baseUri}/connections/{args.Get("connection")}/query";
        var maxKey = args.GetInt("max-key", 1_000_000);
        var count = args.GetInt("count", 2000);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", Arguments.Credential("OPTIX_API_KEY", "optix-emulator-dev-api-key"));
        http.DefaultRequestHeaders.Add("x-brand-key", Arguments.Credential("OPTIX_BRAND_KEY", "11111111-1111-4111-8111-111111111111"));
        var random = new Random(42);
        var timings = new double[count];
        for (var i = -100; i < count; i++)
        {
            var key = (100000 + random.Next(1, maxKey + 1)).ToString(CultureInfo.InvariantCulture);
            using var content = new StringContent($"{{\"primary_key\":\"{key}\"}}", Encoding.UTF8, "application/json");
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsync(uri, content);
            response.EnsureSuccessStatusCode();
            if (i >= 0)
            {
                timings[i] = watch.Elapsed.TotalMilliseconds;
            }
        }

        Array.Sort(timings);
        Console.WriteLine(JsonSerializer.Serialize(new { count, p50 = timings[count / 2], p99 = timings[(int)(count * 0.99)], max = timings[^1] }));
        return 0;
    }
}
