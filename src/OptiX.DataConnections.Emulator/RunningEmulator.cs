using OptiX.DataConnections.Emulator.Endpoints;
using OptiX.DataConnections.Emulator.Faults;
using OptiX.DataConnections.Emulator.Storage;

namespace OptiX.DataConnections.Emulator;

public sealed class RunningEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorStore _store;
    private readonly bool _deleteDataOnDispose;
    private int _disposed;

    internal RunningEmulator(WebApplication app, EmulatorStore store, string dataPath, bool deleteDataOnDispose, int port, string adminKey)
    {
        AdminKey = adminKey;
        _app = app;
        _store = store;
        _deleteDataOnDispose = deleteDataOnDispose;
        DataPath = dataPath;
        RootUri = new Uri($"http://127.0.0.1:{port}/");
        BaseUri = new Uri($"http://127.0.0.1:{port}{ApiRoutes.BasePath}");
    }

    /// <summary><c>http://127.0.0.1:PORT/</c></summary>
    public Uri RootUri { get; }

    /// <summary><c>http://127.0.0.1:PORT/api/data-connections/v1</c> (no trailing slash).</summary>
    public Uri BaseUri { get; }

    public string DataPath { get; }

    /// <summary>The <c>x-admin-key</c> that <c>/admin/faults</c> needs (<see cref="EmulatorOptions.AdminKey"/>, or a random one).</summary>
    public string AdminKey { get; }

    /// <summary>The faults active now (null: none), with the seed they run with.</summary>
    internal FaultState? Faults => _app.Services.GetRequiredService<FaultInjector>().State;

    /// <summary>The memory request bodies hold now, and its limit.</summary>
    internal Json.BodyBudget BodyBudget => _app.Services.GetRequiredService<Json.BodyBudget>();

    /// <summary>
    /// Cancelling <paramref name="ct"/> stops the emulator; the task completes once it has stopped serving.
    /// (The emulator does not watch Ctrl+C or SIGTERM itself: the executable turns those into this cancellation.)
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        _store.Dispose();
        if (_deleteDataOnDispose)
        {
            DataFiles.Delete(DataPath);
        }
    }
}
