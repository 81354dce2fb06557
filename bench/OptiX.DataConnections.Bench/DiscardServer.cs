using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OptiX.DataConnections.Bench;

/// <summary>
/// Answers like the service but keeps nothing: it parses each upload body to its end with a JSON reader (as any
/// service must before it can store a record), counts the records of <c>data</c> and answers with that count, so a
/// run against it measures the client alone and the client's check of the count holds. Any connection id exists,
/// keyed by customer_id.
/// </summary>
internal static class DiscardServer
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 256L * 1024 * 1024);
        var app = builder.Build();
        app.Urls.Add($"http://127.0.0.1:{args.GetInt("port", 0)}");
        const string basePath = "/api/data-connections/v1/connections/{id}";
        app.MapGet(basePath, (Guid id) => Results.Json(new Dictionary<string, object?>
        {
            ["data_connection_uuid"] = id,
            ["name"] = "discard",
            ["primary_key"] = "customer_id",
            ["description"] = "discards every upload",
            ["external_api_details"] = null,
        }));
        app.MapPost(basePath + "/upload_data", async (HttpRequest request) =>
        {
            var (buffer, length) = await ReadAllAsync(request.Body, request.ContentLength);
            try
            {
                var body = UploadBody.Parse(buffer.AsSpan(0, length));
                return Results.Json(new { status = "success", uploaded_records = body.Records, batch_completed = body.Completes });
            }
            catch (JsonException ex)
            {
                return Results.Json(new { status = "error", message = $"The body is not valid JSON: {ex.Message}" }, statusCode: 400);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"Base URI: {address}/api/data-connections/v1");
        Console.WriteLine($"Now listening on: {address}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static async Task<(byte[] Buffer, int Length)> ReadAllAsync(Stream body, long? contentLength)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp((contentLength ?? 0) + 1, 1 << 16, int.MaxValue / 2));
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length))) > 0)
        {
            length += read;
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
        }

        return (buffer, length);
    }
}
