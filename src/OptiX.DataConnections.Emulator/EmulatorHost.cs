using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OptiX.DataConnections.Emulator.Endpoints;
using OptiX.DataConnections.Emulator.ExternalApi;
using OptiX.DataConnections.Emulator.Faults;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Lookups;
using OptiX.DataConnections.Emulator.Monetate;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator;

public static class EmulatorHost
{
    /// <summary>Starts the emulator on http://127.0.0.1:{port} (loopback only).</summary>
    public static async Task<RunningEmulator> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var faults = EmulatorOptions.ParseFaults(options.Faults);
        var adminKey = new AdminKey(options.AdminKey ?? AdminKey.NewRandom());
        var isTemporary = options.DataPath is null;
        var dataPath = Path.GetFullPath(
            options.DataPath ?? Path.Combine(Path.GetTempPath(), $"optix-emulator-{Guid.NewGuid():N}.db"));

        EmulatorStore? store = null;
        WebApplication? app = null;
        try
        {
            store = EmulatorStore.Open(dataPath);
            app = Build(options, store, faults, adminKey);
            await app.StartAsync(ct);
            return new RunningEmulator(app, store, dataPath, isTemporary, BoundPort(app), adminKey.Value);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            store?.Dispose();
            if (isTemporary)
            {
                DataFiles.Delete(dataPath);
            }
            throw;
        }
    }

    private static WebApplication Build(EmulatorOptions options, EmulatorStore store, FaultSpec? faults, AdminKey adminKey)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Addresses from the environment (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS) must not add or replace ours.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, string.Empty);
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, string.Empty);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        // Warnings and errors only, on stderr: stdout carries just the banner that scripts read.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A start-up failure (port in use) reaches the caller of StartAsync as an exception; no stack trace on stderr too.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();

        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(new Json.BodyBudget(options.MaxBodyMemoryBytes, options.MaxBodyWait));
        builder.Services.AddSingleton(new EmulatorClock(options.TimeProvider));
        builder.Services.AddSingleton(new BrandCredentials(options.EffectiveBrands()));
        builder.Services.AddSingleton<SelfAddress>();
        builder.Services.AddSingleton<ExternalApiClient>();
        builder.Services.AddSingleton<ExternalAnswerCache>();
        builder.Services.AddSingleton<ExternalLookups>();
        builder.Services.AddSingleton<RecordLookup>();
        builder.Services.AddSingleton(new FaultInjector(faults));
        builder.Services.AddSingleton(adminKey);
        builder.Services.AddSingleton(new AnswerShaper(options.AnswerShape));
        builder.Services.AddMonetate(options);

        var app = builder.Build();
        app.UseMiddleware<ApiProblemMiddleware>();
        app.UseMiddleware<HopGuard>();
        app.UseDetailForEmptyErrorResponses();
        app.UseMiddleware<AdminKeyMiddleware>();
        app.MapDataConnectionsApi();
        app.MapAdminApi();
        app.MapMonetateApi();
        return app;
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("The server did not report the address it listens on.");
        var address = addresses.Addresses.Single();
        return new Uri(address).Port;
    }
}
