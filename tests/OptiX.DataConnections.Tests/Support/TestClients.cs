using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.Tests.Support;

internal static class TestClients
{
    public static OptiXCredentials Credentials(string apiKey = Emulator.EmulatorOptions.DevelopmentApiKey, string brandKey = Emulator.EmulatorOptions.DevelopmentBrandKey) =>
        new(SecureStrings.FromPlainText(apiKey), SecureStrings.FromPlainText(brandKey));

    /// <summary>Retries fast, so that tests of retrying take milliseconds.</summary>
    public static ResilienceSettings FastRetries(int maxRetries = 5, double budgetSeconds = 10) => new()
    {
        MaxRetries = maxRetries,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromSeconds(3),
        MaxRetryTime = TimeSpan.FromSeconds(budgetSeconds),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    public static OptiXClient Client(Uri baseUri, ResilienceSettings? resilience = null, OptiXCredentials? credentials = null) =>
        new(baseUri, credentials ?? Credentials(), resilience ?? FastRetries());
}
