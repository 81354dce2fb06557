using OptiX.DataConnections.Emulator;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;

namespace OptiX.DataConnections.Tests.Monetate;

/// <summary>An in-process emulator with two Monetate API users, serving real loopback HTTP.</summary>
public sealed class MonetateEmulatorFixture : IAsyncLifetime
{
    public const string User = "feed-user";
    public const string OtherUser = "other-user";
    public const string Retailer = "acme";

    private RunningEmulator? _emulator;

    internal MonetateKeys Keys { get; } = MonetateKeys.Create();

    internal MonetateKeys OtherKeys { get; } = MonetateKeys.Create();

    public Uri RootUri => _emulator!.RootUri;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Port = 0, Retailer = Retailer };
        options.MonetateUsers[User] = Keys.PublicPem;
        options.MonetateUsers[OtherUser] = OtherKeys.PublicPem;
        _emulator = await EmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    internal MonetateClient Client(string user = User, MonetatePrivateKey? key = null, TimeProvider? clientTime = null, TimeProvider? jwtTime = null) =>
        new(RootUri, Retailer, new MonetateCredentials(user, key ?? Keys.PrivateKey, jwtTime), new ResilienceSettings
        {
            MaxRetries = 3,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryTime = TimeSpan.FromSeconds(20),
            RequestTimeout = TimeSpan.FromSeconds(10),
        }, MonetateClient.DefaultTokenLifetimeSeconds, clientTime);

    internal static MonetateSchema CustomerSchema(string name) => new(
        name,
        "attribute",
        [
            new MonetateField("customer_id", MonetateDataType.String, required: true, identifier: true, uniqueKey: true),
            new MonetateField("email", MonetateDataType.String),
            new MonetateField("lifetime_value", MonetateDataType.Number),
            new MonetateField("vip", MonetateDataType.Boolean),
            new MonetateField("signed_up", MonetateDataType.DateTime),
        ],
        "customer_id");
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
