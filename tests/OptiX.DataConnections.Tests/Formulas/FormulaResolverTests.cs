using System.Collections;
using System.Text;
using OptiX.DataConnections.Formulas;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Tests.Support;

namespace OptiX.DataConnections.Tests.Formulas;

/// <summary>Formulas evaluated against records uploaded to the emulator, over loopback HTTP.</summary>
public class FormulaResolverTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Records = """
        [
          {"customer_id": "42", "product_url": "https://shop.example/42", "address": {"city": "Leeds"},
           "items": [{"name": "first"}], "score": 7.5, "vip": true, "nothing": null, "empty": ""},
          {"customer_id": 7, "product_url": "https://shop.example/7"}
        ]
        """;

    private readonly EmulatorFixture _emulator;
    private OptiXClient _client = null!;
    private Connection _connection = null!;

    public FormulaResolverTests(EmulatorFixture emulator) => _emulator = emulator;

    public async Task InitializeAsync()
    {
        _client = TestClients.Client(_emulator.BaseUri);
        _connection = await _client.CreateConnectionAsync(
            new ConnectionDefinition { Name = "formulas " + Guid.NewGuid(), PrimaryKey = "customer_id" }, CancellationToken.None);
        var body = Encoding.UTF8.GetBytes("{\"data\": " + Records + "}");
        await _client.UploadAsync(_connection.ConnectionId, new RequestBody(body, body.Length), CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_found_field_is_the_value()
    {
        var resolution = await Resolve("[%CUSTOMER_ID%]::product_url:default_url", new Hashtable { ["CUSTOMER_ID"] = 42 });

        Assert.Equal(ResolutionReason.Found, resolution.Reason);
        Assert.Equal("https://shop.example/42", resolution.Value);
        Assert.False(resolution.UsedFallback);
        Assert.Equal("42", resolution.PrimaryKey);
        Assert.Null(resolution.Error);
        Assert.Contains("Found", resolution.Explanation);
    }

    [Fact]
    public async Task A_numeric_key_uploaded_as_a_number_is_found_by_its_text()
    {
        var resolution = await Resolve("[%id%]::product_url:default_url", new Dictionary<string, object?> { ["ID"] = "7" });

        Assert.Equal("https://shop.example/7", resolution.Value);
    }

    [Fact]
    public async Task A_literal_key_needs_no_tags()
    {
        var resolution = await Resolve("42::product_url:", tags: null);

        Assert.Equal("https://shop.example/42", resolution.Value);
    }

    [Fact]
    public async Task A_missing_record_gives_the_fallback()
    {
        var resolution = await Resolve("[%CUSTOMER_ID%]::product_url:default_url", new Hashtable { ["CUSTOMER_ID"] = "nobody" });

        Assert.Equal(ResolutionReason.RecordNotFound, resolution.Reason);
        Assert.Equal("default_url", resolution.Value);
        Assert.True(resolution.UsedFallback);
        Assert.Contains("No record with key 'nobody'", resolution.Explanation);
        Assert.Contains("used the fallback 'default_url'", resolution.Explanation);
    }

    [Theory]
    [InlineData("no_such_field")]
    [InlineData("nothing")]
    [InlineData("address.street")]
    [InlineData("items.5.name")]
    [InlineData("product_url.deeper")]
    public async Task A_missing_or_null_field_gives_the_fallback(string field)
    {
        var resolution = await Resolve($"[%CUSTOMER_ID%]::{field}:default", new Hashtable { ["CUSTOMER_ID"] = 42 });

        Assert.Equal(ResolutionReason.FieldMissing, resolution.Reason);
        Assert.Equal("default", resolution.Value);
        Assert.True(resolution.UsedFallback);
    }

    [Fact]
    public async Task Without_a_fallback_a_missing_record_gives_no_value_and_says_why()
    {
        var resolution = await Resolve("[%CUSTOMER_ID%]::product_url:", new Hashtable { ["CUSTOMER_ID"] = "nobody" });

        Assert.Null(resolution.Value);
        Assert.False(resolution.UsedFallback);
        Assert.Equal(ResolutionReason.RecordNotFound, resolution.Reason);
        Assert.Contains("no fallback", resolution.Explanation);
    }

    [Fact]
    public async Task Without_a_fallback_a_missing_field_gives_no_value_and_says_why()
    {
        var resolution = await Resolve("[%CUSTOMER_ID%]::colour", new Hashtable { ["CUSTOMER_ID"] = 42 });

        Assert.Null(resolution.Value);
        Assert.False(resolution.UsedFallback);
        Assert.Equal(ResolutionReason.FieldMissing, resolution.Reason);
    }

    [Theory]
    [InlineData("address.city", "Leeds")]
    [InlineData("items.0.name", "first")]
    [InlineData("score", "7.5")]
    [InlineData("vip", "true")]
    [InlineData("address", "{\"city\":\"Leeds\"}")]
    [InlineData("empty", "")]
    public async Task Nested_and_non_string_fields_are_written_as_text(string field, string expected)
    {
        var resolution = await Resolve($"[%CUSTOMER_ID%]::{field}:fallback", new Hashtable { ["CUSTOMER_ID"] = 42 });

        Assert.Equal(ResolutionReason.Found, resolution.Reason);
        Assert.Equal(expected, resolution.Value);
    }

    [Fact]
    public async Task A_tag_without_a_value_is_reported_and_nothing_is_looked_up()
    {
        var resolution = await Resolve("[%CUSTOMER_ID%]:region=[%REGION%]:product_url:default_url", new Hashtable { ["OTHER"] = 1 });

        Assert.Equal(ResolutionReason.MissingTag, resolution.Reason);
        Assert.Equal(["CUSTOMER_ID", "REGION"], resolution.MissingTags);
        Assert.Null(resolution.Value);
        Assert.False(resolution.UsedFallback);
        Assert.Null(resolution.PrimaryKey);
        Assert.Contains("[%CUSTOMER_ID%], [%REGION%]", resolution.Explanation);
    }

    [Fact]
    public async Task An_unknown_connection_is_an_error_not_a_fallback()
    {
        var formula = FormulaParser.Parse($"DC_{Guid.NewGuid()}:[%CUSTOMER_ID%]::product_url:default_url");

        var error = await Assert.ThrowsAsync<ServiceException>(() =>
            new FormulaResolver(_client).ResolveAsync(formula, new Hashtable { ["CUSTOMER_ID"] = 42 }, CancellationToken.None));

        Assert.Equal(ServiceErrorKind.NotFound, error.Kind);
        Assert.Contains(formula.ConnectionId.ToString(), error.Message);
        Assert.Contains("was not found", error.Message);
    }

    [Fact]
    public async Task Wrong_keys_are_an_error_not_a_fallback()
    {
        using var wrong = TestClients.Client(_emulator.BaseUri, credentials: TestClients.Credentials(apiKey: "not-the-key"));
        var formula = FormulaParser.Parse($"DC_{_connection.ConnectionId}:42::product_url:default_url");

        var error = await Assert.ThrowsAsync<ServiceException>(() =>
            new FormulaResolver(wrong).ResolveAsync(formula, null, CancellationToken.None));

        Assert.Equal(ServiceErrorKind.Unauthorized, error.Kind);
    }

    private Task<FormulaResolution> Resolve(string afterConnection, IDictionary? tags) =>
        new FormulaResolver(_client).ResolveAsync(
            FormulaParser.Parse($"DC_{_connection.ConnectionId}:{afterConnection}"), tags, CancellationToken.None);
}
