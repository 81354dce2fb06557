namespace OptiX.DataConnections.Emulator.Tests.Infrastructure;

/// <summary>One emulator (port 0, temporary data file, two brands, manual clock) per test class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private RunningEmulator? _emulator;

    public ManualClock Clock { get; } = new();

    public RunningEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not started.");

    public ApiClient Main { get; private set; } = null!;

    public ApiClient Other { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = TestBrands.Options();
        options.TimeProvider = Clock;
        _emulator = await EmulatorHost.StartAsync(options);
        Main = new ApiClient(_emulator.BaseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
        Other = new ApiClient(_emulator.BaseUri, TestBrands.Other.BrandKey, TestBrands.Other.ApiKey);
    }

    public async Task DisposeAsync()
    {
        Main?.Dispose();
        Other?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>A client with no credentials, or any headers the test chooses.</summary>
    public ApiClient ClientWithHeaders(params (string Name, string Value)[] headers) => new(Emulator.BaseUri, headers);
}
