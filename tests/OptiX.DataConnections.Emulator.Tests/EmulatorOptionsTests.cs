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
        Assert.Null(options.Faults);
        Assert.Null(options.AdminKey);
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

    [Fact]
    public void Faults_and_admin_key_are_read()
    {
        var options = EmulatorOptions.Parse(
            ["--faults", "upload_data:429=0.1,500=0.05,503=0.05,drop=0.05,dropafter=0.01,latency=50-200,retryafter=2;*:latency=10;seed=42",
             "--admin-key", "k-1"]);

        Assert.Equal("upload_data:429=0.1,500=0.05,503=0.05,drop=0.05,dropafter=0.01,latency=50-200,retryafter=2;*:latency=10;seed=42", options.Faults);
        Assert.Equal("k-1", options.AdminKey);
    }

    [Theory]
    [InlineData("uploads:500=1")]
    [InlineData("query:500=2")]
    [InlineData("query:500=-0.1")]
    [InlineData("query:500=0.6,503=0.6")]
    [InlineData("*:500=0.6;query:503=0.6")]
    [InlineData("query:latency=200-50")]
    [InlineData("query:latency=fast")]
    [InlineData("query:boom=1")]
    [InlineData("query:500")]
    [InlineData("query:")]
    [InlineData("query")]
    [InlineData("seed=x")]
    [InlineData("query:retryafter=-1")]
    public void An_invalid_fault_spec_is_an_ArgumentException_naming_the_option(string spec)
    {
        var exception = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--faults", spec]));

        Assert.StartsWith("--faults: ", exception.Message);
    }

    [Fact]
    public async Task StartAsync_rejects_an_invalid_fault_spec()
    {
        var options = new EmulatorOptions { Faults = "query:500=3" };

        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorHost.StartAsync(options));
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
    [InlineData("--faults")]
    [InlineData("--admin-key")]
    [InlineData("--admin-key", " ")]
    [InlineData("--verbose")]
    [InlineData("8080")]
    public void Bad_arguments_throw_an_ArgumentException_with_a_message(params string[] args)
    {
        var exception = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(args));

        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }
}
