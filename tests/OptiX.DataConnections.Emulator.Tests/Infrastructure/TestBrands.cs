namespace OptiX.DataConnections.Emulator.Tests.Infrastructure;

public static class TestBrands
{
    public static readonly (string BrandKey, string ApiKey) Main =
        (EmulatorOptions.DevelopmentBrandKey, EmulatorOptions.DevelopmentApiKey);

    public static readonly (string BrandKey, string ApiKey) Other =
        ("22222222-2222-4222-8222-222222222222", "second-brand-api-key");

    public static EmulatorOptions Options()
    {
        var options = new EmulatorOptions();
        options.Brands[Main.BrandKey] = Main.ApiKey;
        options.Brands[Other.BrandKey] = Other.ApiKey;
        return options;
    }
}
