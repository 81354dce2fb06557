using OptiX.DataConnections.Platform;

namespace OptiX.DataConnections.Tests.Platform;

public class FrameworkRequirementTests
{
    [Theory]
    [InlineData(461808)]
    [InlineData(461814)]
    [InlineData(528040)]
    [InlineData(533325)]
    public void NET_Framework_4_7_2_and_later_pass(int releaseKey) =>
        Assert.Null(FrameworkRequirement.Problem(releaseKey, ".NET Framework 4.8.4250.0"));

    [Theory]
    [InlineData(461308, ".NET Framework 4.7.1")]
    [InlineData(460805, ".NET Framework 4.7")]
    [InlineData(394802, ".NET Framework 4.6.2")]
    public void An_older_framework_is_named_with_what_to_install(int releaseKey, string name)
    {
        string? problem = FrameworkRequirement.Problem(releaseKey, ".NET Framework 4.7.3062.0");

        Assert.NotNull(problem);
        Assert.Contains($"this machine has {name} (release key {releaseKey})", problem);
        Assert.Contains("Install .NET Framework 4.8 (or at least 4.7.2)", problem);
    }

    [Theory]
    [InlineData(".NET Framework 4.7.3062.0", false)]
    [InlineData(".NET Framework 4.8.9032.0", false)]
    [InlineData(".NET Framework 4.7.2558.0", true)]
    [InlineData(".NET Framework 4.6.1586.0", true)]
    [InlineData(".NET 10.0.0", false)]
    [InlineData(".NET Framework unknown", false)]
    public void Without_a_release_key_the_runtime_version_decides(string description, bool refused) =>
        Assert.Equal(refused, FrameworkRequirement.Problem(null, description) is not null);
}
