namespace OptiX.DataConnections.Emulator.Tests.Infrastructure;

/// <summary>An emulator of its own for a fault test (faults are emulator-wide), with an API and an admin client.</summary>
public sealed class FaultyEmulator : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private FaultyEmulator(RunningEmulator emulator)
    {
        Emulator = emulator;
        Api = new ApiClient(emulator.BaseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
        Admin = new ApiClient(emulator.RootUri, ("x-admin-key", AdminKey));
    }

    public RunningEmulator Emulator { get; }

    public ApiClient Api { get; }

    /// <summary>Requests from the root (<c>/admin/faults</c>) with the right <c>x-admin-key</c>.</summary>
    public ApiClient Admin { get; }

    public static async Task<FaultyEmulator> StartAsync(string? faults = null)
    {
        var options = TestBrands.Options();
        options.Faults = faults;
        options.AdminKey = AdminKey;
        return new FaultyEmulator(await EmulatorHost.StartAsync(options));
    }

    public Task<ApiResponse> SetFaultsAsync(string spec) => Admin.PutAsync("/admin/faults", new { spec });

    public async Task ClearFaultsAsync() =>
        (await Admin.DeleteAsync("/admin/faults")).Expect(System.Net.HttpStatusCode.NoContent);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Admin.Dispose();
        await Emulator.DisposeAsync();
    }
}
