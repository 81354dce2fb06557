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

    [Fact]
    public void Keys_are_read_from_files_so_that_none_is_on_the_command_line()
    {
        var directory = Directory.CreateTempSubdirectory("optix-emulator-keys-");
        try
        {
            var brands = Path.Combine(directory.FullName, "brands.txt");
            File.WriteAllText(brands, "# brand=api key\r\nbrand-a=key-a\r\n\r\nbrand-b = key=b\n");
            var admin = Path.Combine(directory.FullName, "admin.txt");
            File.WriteAllText(admin, "admin-from-file\n");

            var options = EmulatorOptions.Parse(["--brand-file", brands, "--admin-key-file", admin, "--parent-pid", "4242"]);

            Assert.Equal("key-a", options.Brands["brand-a"]);
            Assert.Equal("key=b", options.Brands["brand-b"]);
            Assert.Equal(2, options.Brands.Count);
            Assert.Equal("admin-from-file", options.AdminKey);
            Assert.Equal(4242, options.ParentProcessId);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Keys_come_from_the_environment_when_the_command_line_gives_none()
    {
        var environment = new Dictionary<string, string>
        {
            [EmulatorOptions.BrandsVariable] = "brand-a=key-a;brand-b=key-b",
            [EmulatorOptions.AdminKeyVariable] = "admin-from-env",
        };

        var fromEnvironment = EmulatorOptions.Parse([], name => environment.GetValueOrDefault(name));
        var fromArguments = EmulatorOptions.Parse(["--brand", "brand-c=key-c", "--admin-key", "admin-c"], name => environment.GetValueOrDefault(name));

        Assert.Equal(["brand-a", "brand-b"], fromEnvironment.Brands.Keys.Order());
        Assert.Equal("admin-from-env", fromEnvironment.AdminKey);
        Assert.Equal(["brand-c"], fromArguments.Brands.Keys);
        Assert.Equal("admin-c", fromArguments.AdminKey);
    }

    [Fact]
    public void A_bad_pair_in_a_key_file_is_reported_without_its_text_and_a_missing_file_by_its_path()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "brand-a=key-a\nsecret-without-separator\n");

            var bad = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--brand-file", file]));
            var missing = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--admin-key-file", file + ".missing"]));

            Assert.Contains("--brand-file", bad.Message);
            Assert.DoesNotContain("secret-without-separator", bad.Message);
            Assert.Contains(file + ".missing", missing.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
