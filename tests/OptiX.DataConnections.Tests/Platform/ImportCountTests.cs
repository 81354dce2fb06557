using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.Tests.Platform;

/// <summary>The import count DependencyIsolation keeps on both editions (ImportCount.cs, from the cmdlet project).</summary>
public class ImportCountTests
{
    [Fact]
    public void Only_the_first_import_sets_the_hooks_and_only_the_last_removal_takes_them()
    {
        var count = new ImportCount();

        Assert.True(count.Import());
        Assert.False(count.Import());
        Assert.False(count.Remove());
        Assert.Equal(1, count.Imports);
        Assert.True(count.Remove());
        Assert.Equal(0, count.Imports);
    }

    [Fact]
    public void A_removal_without_an_import_is_ignored_and_the_next_import_sets_the_hooks_again()
    {
        var count = new ImportCount();

        Assert.False(count.Remove());
        Assert.Equal(0, count.Imports);
        Assert.True(count.Import());
        Assert.True(count.Remove());
        Assert.True(count.Import());
    }
}
