namespace OptiX.DataConnections.Emulator;

/// <summary>
/// Replaces ASP.NET's console lifetime, which would take over Ctrl+C and SIGTERM in whatever process embeds the
/// emulator (a test runner, a PowerShell session). The executable handles those signals itself.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
