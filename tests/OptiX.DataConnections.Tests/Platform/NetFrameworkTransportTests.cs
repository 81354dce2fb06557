using System.Net;
using OptiX.DataConnections.Platform;

namespace OptiX.DataConnections.Tests.Platform;

public class NetFrameworkTransportTests
{
    private const SecurityProtocolType Ssl3AndTls10 = (SecurityProtocolType)(48 | 192);

    [Fact]
    public void TLS_1_2_is_added_to_what_an_old_default_offers_and_nothing_is_taken_away()
    {
        SecurityProtocolType result = NetFrameworkTransport.SecurityProtocolFor(Ssl3AndTls10, tls13Available: false);

        Assert.Equal((SecurityProtocolType)(48 | 192 | 3072), result);
    }

    [Fact]
    public void TLS_1_3_is_added_only_where_it_is_available()
    {
        Assert.Equal((SecurityProtocolType)(192 | 3072 | 12288), NetFrameworkTransport.SecurityProtocolFor((SecurityProtocolType)192, tls13Available: true));
        Assert.Equal((SecurityProtocolType)(3072), NetFrameworkTransport.SecurityProtocolFor((SecurityProtocolType)3072, tls13Available: false));
    }

    [Fact]
    public void A_process_that_leaves_the_choice_to_the_system_is_left_alone() =>
        Assert.Equal(NetFrameworkTransport.SystemDefault, NetFrameworkTransport.SecurityProtocolFor(0, tls13Available: true));

    [Theory]
    [InlineData(true, PlatformID.Win32NT, "10.0.20348", true)]
    [InlineData(true, PlatformID.Win32NT, "10.0.22631", true)]
    [InlineData(true, PlatformID.Win32NT, "10.0.17763", false)]
    [InlineData(true, PlatformID.Win32NT, "6.2.9200", false)]
    [InlineData(false, PlatformID.Win32NT, "10.0.26100", false)]
    [InlineData(true, PlatformID.Unix, "10.0.20348", false)]
    public void TLS_1_3_needs_a_runtime_that_names_it_and_Windows_Server_2022_or_11(bool runtimeNamesTls13, PlatformID platform, string version, bool expected) =>
        Assert.Equal(expected, NetFrameworkTransport.Tls13Available(runtimeNamesTls13, platform, Version.Parse(version)));

    [Theory]
    [InlineData(2, 64)]
    [InlineData(10, 64)]
    [InlineData(64, 64)]
    [InlineData(500, 500)]
    public void The_connection_limit_per_host_is_raised_to_the_highest_throttle_limit_and_never_lowered(int current, int expected) =>
        Assert.Equal(expected, NetFrameworkTransport.ConnectionLimitFor(current));

    [Theory]
    [InlineData(".NET Framework 4.8.4250.0", true)]
    [InlineData(".NET Framework 4.7.3062.0", true)]
    [InlineData(".NET 10.0.0", false)]
    [InlineData(".NET Core 3.1.32", false)]
    [InlineData("Mono 6.8.0.105 (Debian 6.8.0.105+dfsg-3.3)", false)]
    public void The_settings_apply_on_NET_Framework_only(string description, bool expected) =>
        Assert.Equal(expected, NetFrameworkTransport.AppliesTo(description));

    [Fact]
    public void The_description_names_each_protocol() =>
        Assert.Equal(
            "TLS: 240 (Ssl3, Tls) -> 3312 (Ssl3, Tls, Tls12); connections per host: 2 -> 64.",
            NetFrameworkTransport.Describe(Ssl3AndTls10, (SecurityProtocolType)(240 | 3072), 2, 64));
}
