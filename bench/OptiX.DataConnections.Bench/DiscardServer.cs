using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OptiX.DataConnections.Bench;

/// <summary>
/// Answers like the service but keeps nothing: it reads each upload body to the end and says success, so a run
/// against it measures the client alone. Any connection id exists, keyed by customer_id.
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
            var buffer = new byte[1 << 16];
            while (await request.Body.ReadAsync(buffer) > 0)
            {
            }

            // No count: it does not parse what it discards, and an answer without a count acknowledges the request
            // (a count of 0 would be a refusal of every record, which the client hands back).
            return Results.Json(new { status = "success", batch_completed = true });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"Base URI: {address}/api/data-connections/v1");
        Console.WriteLine($"Now listening on: {address}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
