using OptiX.DataConnections.Emulator;

namespace OptiX.DataConnections.Tests.Support;

/// <summary>One in-process emulator, serving real loopback HTTP, shared by a test class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private RunningEmulator? _emulator;

    public Uri BaseUri => _emulator!.BaseUri;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Port = 0 };
        options.Brands["22222222-2222-4222-8222-222222222222"] = "other-brand-key";
        options.Brands[EmulatorOptions.DevelopmentBrandKey] = EmulatorOptions.DevelopmentApiKey;
        _emulator = await EmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
