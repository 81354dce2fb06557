namespace OptiX.DataConnections.Emulator.Tests;

public sealed class EmulatorOptionsTests
{
    [Fact]
    public void No_arguments_mean_a_free_port_a_temporary_file_and_the_development_brand()
    {
        var options = EmulatorOptions.Parse([]);

        Assert.Equal(0, options.Port);
        Assert.Null(options.DataPath);
        Assert.False(options.ExitOnStdinClose);
        Assert.Empty(options.Brands);
        Assert.Equal(
            [new KeyValuePair<string, string>(EmulatorOptions.DevelopmentBrandKey, EmulatorOptions.DevelopmentApiKey)],
            options.EffectiveBrands());
    }

    [Fact]
    public void Port_data_repeated_brands_and_exit_on_stdin_close_are_read()
    {
        var options = EmulatorOptions.Parse(
            ["--port", "8080", "--data", "state/emulator.db", "--brand", "brand-a=key=with=equals", "--brand", "brand-b=key-b", "--exit-on-stdin-close"]);

        Assert.Equal(8080, options.Port);
        Assert.True(options.ExitOnStdinClose);
        Assert.Equal("state/emulator.db", options.DataPath);
        Assert.Equal("key=with=equals", options.Brands["brand-a"]);
        Assert.Equal("key-b", options.Brands["brand-b"]);
        Assert.Equal(2, options.EffectiveBrands().Count);
    }

    [Theory]
    [InlineData("--port")]
    [InlineData("--port", "http")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    [InlineData("--data")]
    [InlineData("--data", "--port", "1")]
    [InlineData("--brand", "no-equals-sign")]
    [InlineData("--brand", "=api-key")]
    [InlineData("--brand", "brand=")]
    [InlineData("--brand", "a=1", "--brand", "a=2")]
    [InlineData("--verbose")]
    [InlineData("8080")]
    public void Bad_arguments_throw_an_ArgumentException_with_a_message(params string[] args)
    {
        var exception = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(args));

        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }
}
