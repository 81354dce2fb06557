using System.Reflection;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.Tests.Platform;

/// <summary>
/// The Windows PowerShell resolve decision (DependencyResolver.cs, compiled into this project from the cmdlet project),
/// with the names the module ships in dependencies/ and the older versions its dependencies ask for.
/// </summary>
public class DependencyResolverTests
{
    // What out/OptiX.DataConnections/dependencies holds (AssemblyName.GetAssemblyName of each file after a build).
    private static readonly IReadOnlyDictionary<string, ShippedAssembly> Shipped = DependencyResolver.Index(new[]
    {
        "Microsoft.Bcl.AsyncInterfaces, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51",
        "Microsoft.Bcl.TimeProvider, Version=8.0.0.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51",
        "System.ComponentModel.Annotations, Version=4.2.1.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a",
        "System.Buffers, Version=4.0.3.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51",
        "Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed",
        "Polly.Core, Version=8.0.0.0, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc",
        "OptiX.DataConnections, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null",
    }.Select(name => new ShippedAssembly($"/module/dependencies/{new AssemblyName(name).Name}.dll", new AssemblyName(name))));

    [Theory]
    [InlineData("Microsoft.Bcl.AsyncInterfaces, Version=6.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "8.0.0.0")]
    [InlineData("Microsoft.Bcl.TimeProvider, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "8.0.0.1")]
    [InlineData("System.ComponentModel.Annotations, Version=4.2.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", "4.2.1.0")]
    [InlineData("System.Buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "4.0.3.0")]
    public void An_older_version_that_a_dependency_asks_for_is_bridged_to_the_shipped_file(string requested, string shippedVersion)
    {
        ShippedAssembly? file = DependencyResolver.Choose(new AssemblyName(requested), Shipped);

        Assert.NotNull(file);
        Assert.Equal(new AssemblyName(requested).Name, file.Name.Name);
        Assert.Equal(Version.Parse(shippedVersion), file.Name.Version);
        Assert.Equal($"/module/dependencies/{file.Name.Name}.dll", file.Path);
    }

    [Theory]
    [InlineData("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed")]
    [InlineData("OptiX.DataConnections, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null")]
    [InlineData("OptiX.DataConnections")]
    [InlineData("polly.core, Version=8.0.0.0")]
    public void The_exact_version_a_bare_name_and_any_case_are_answered(string requested) =>
        Assert.NotNull(DependencyResolver.Choose(new AssemblyName(requested), Shipped));

    [Theory]
    [InlineData("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Management.Automation, Version=3.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35")]
    [InlineData("netstandard, Version=2.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    public void Names_that_are_not_in_dependencies_are_left_to_others(string requested) =>
        Assert.Null(DependencyResolver.Choose(new AssemblyName(requested), Shipped));

    [Theory]
    [InlineData("Microsoft.Bcl.AsyncInterfaces, Version=10.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("Newtonsoft.Json, Version=13.0.0.1, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed")]
    [InlineData("System.Buffers, Version=5.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    public void A_newer_version_than_ships_is_refused(string requested) =>
        Assert.Null(DependencyResolver.Choose(new AssemblyName(requested), Shipped));

    [Fact]
    public void Another_publishers_assembly_of_the_same_name_is_refused() =>
        Assert.Null(DependencyResolver.Choose(new AssemblyName("Newtonsoft.Json, Version=12.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef"), Shipped));
}
