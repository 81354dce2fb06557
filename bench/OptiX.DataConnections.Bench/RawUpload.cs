using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OptiX.DataConnections.Bench;

/// <summary>
/// Scenario D, the upper bound: the same bodies the module would send, serialized in memory beforehand, posted by a
/// bare HttpClient with the same concurrency. Only the posting is timed.
/// </summary>
internal static class RawUpload
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var baseUri = args.Get("base-uri").TrimEnd('/');
        var connection = args.Get("connection");
        var concurrency = args.GetInt("concurrency", 4);
        var batchSize = args.GetInt("batch", 5000);
        var bodies = Serialize(args.Get("csv"), batchSize, out var records);

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", Arguments.Credential("OPTIX_API_KEY", "optix-emulator-dev-api-key"));
        http.DefaultRequestHeaders.Add("x-brand-key", Arguments.Credential("OPTIX_BRAND_KEY", "11111111-1111-4111-8111-111111111111"));
        var uri = $"{baseUri}/connections/{connection}/upload_data";
        var watch = Stopwatch.StartNew();
        // The completing body goes last, after every other one was answered, as the module sends it: a request that
        // arrived after the completion would be refused.
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Count - 1)
            {
                await PostAsync(http, uri, bodies[index]);
            }
        });
        await Task.WhenAll(workers);
        if (bodies.Count > 0)
        {
            await PostAsync(http, uri, bodies[^1]);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new { records, seconds, peakWorkingSet = Environment.WorkingSet, requests = bodies.Count }));
        return 0;
    }

    private static List<byte[]> Serialize(string csv, int batchSize, out long records)
    {
        var bodies = new List<byte[]>();
        var batchId = Guid.NewGuid();
        using var reader = new StreamReader(csv, Encoding.UTF8);
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<Dictionary<string, string>>(batchSize);
        records = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var values = line.Split(',');
            var row = new Dictionary<string, string>(header.Length);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = values[i];
            }

            // A full request is sent open only once another record follows it: the last request completes the batch.
            if (rows.Count == batchSize)
            {
                bodies.Add(Body(rows, batchId, false));
                rows.Clear();
            }

            rows.Add(row);
            records++;
        }

        if (rows.Count > 0)
        {
            bodies.Add(Body(rows, batchId, true));
        }

        return bodies;
    }

    private static async Task PostAsync(HttpClient http, string uri, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(uri, content);
        response.EnsureSuccessStatusCode();
    }

    private static byte[] Body(List<Dictionary<string, string>> rows, Guid batchId, bool completed) =>
        JsonSerializer.SerializeToUtf8Bytes(new { data = rows, ttl_seconds = (int?)null, batch_uuid = batchId, batch_completed = completed });
}
