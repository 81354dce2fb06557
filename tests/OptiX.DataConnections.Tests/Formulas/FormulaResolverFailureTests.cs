using System.Collections;
using System.Net;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Formulas;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Tests.Support;

namespace OptiX.DataConnections.Tests.Formulas;

/// <summary>What a formula gives when the service answers badly, against a scripted loopback server.</summary>
public class FormulaResolverFailureTests
{
    private static readonly Guid ConnectionId = Guid.Parse("9ce27b8c-8b16-427a-8d00-f40b816bc092");

    private static readonly DataConnectionFormula Formula =
        FormulaParser.Parse($"DC_{ConnectionId}:[%CUSTOMER_ID%]:filter=active_users&region=[%REGION%]:product_name:default_product");

    private static readonly Hashtable Tags = new() { ["CUSTOMER_ID"] = 42, ["region"] = "north" };

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_failing_lookup_gives_the_fallback(int status)
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("""{"detail":"the external API did not answer"}""");
        });
        using var client = TestClients.Client(server.BaseUri, TestClients.FastRetries(maxRetries: 1));

        var resolution = await new FormulaResolver(client).ResolveAsync(Formula, Tags, CancellationToken.None);

        Assert.Equal(ResolutionReason.ExternalApiFailed, resolution.Reason);
        Assert.Equal("default_product", resolution.Value);
        Assert.True(resolution.UsedFallback);
        Assert.Contains(status.ToString(), resolution.Error);
        Assert.Contains("failed", resolution.Explanation);
    }

    [Fact]
    public async Task An_unreachable_service_gives_the_fallback()
    {
        using var client = TestClients.Client(new Uri("http://127.0.0.1:1/api/data-connections/v1"), TestClients.FastRetries(maxRetries: 0));

        var resolution = await new FormulaResolver(client).ResolveAsync(Formula, Tags, CancellationToken.None);

        Assert.Equal(ResolutionReason.ExternalApiFailed, resolution.Reason);
        Assert.Equal("default_product", resolution.Value);
    }

    [Theory]
    [InlineData(401, ServiceErrorKind.Unauthorized)]
    [InlineData(403, ServiceErrorKind.Forbidden)]
    [InlineData(422, ServiceErrorKind.Validation)]
    [InlineData(429, ServiceErrorKind.Throttled)]
    public async Task Errors_of_the_setup_are_not_covered_by_the_fallback(int status, ServiceErrorKind kind)
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("""{"detail":"refused"}""");
        });
        using var client = TestClients.Client(server.BaseUri, TestClients.FastRetries(maxRetries: 0));

        var error = await Assert.ThrowsAsync<ServiceException>(() => new FormulaResolver(client).ResolveAsync(Formula, Tags, CancellationToken.None));

        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public async Task Tags_are_replaced_in_the_key_and_the_placeholder_values_sent()
    {
        JObject? sent = null;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            sent = JObject.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
            await context.Response.WriteAsync("""{"data":{"customer_id":"42","product_name":"Boots"}}""");
        });
        using var client = TestClients.Client(server.BaseUri);

        var resolution = await new FormulaResolver(client).ResolveAsync(Formula, Tags, CancellationToken.None);

        Assert.Equal("Boots", resolution.Value);
        Assert.Equal("42", (string?)sent!["primary_key"]);
        Assert.Equal(new JObject { ["filter"] = "active_users", ["region"] = "north" }, sent["placeholder_values"]);
        Assert.Equal(["filter", "region"], resolution.Parameters.Keys);
        Assert.Equal("north", resolution.Parameters["region"]);
    }

    [Fact]
    public async Task A_formula_without_parameters_sends_no_placeholder_values()
    {
        JObject? sent = null;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            sent = JObject.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
            await context.Response.WriteAsync("""{"data":{"name":"x"}}""");
        });
        using var client = TestClients.Client(server.BaseUri);

        await new FormulaResolver(client).ResolveAsync(FormulaParser.Parse($"DC_{ConnectionId}:1::name:"), null, CancellationToken.None);

        Assert.Null(sent!["placeholder_values"]);
    }

    [Fact]
    public async Task A_missing_tag_sends_nothing()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsync("{}"));
        using var client = TestClients.Client(server.BaseUri);

        var resolution = await new FormulaResolver(client).ResolveAsync(Formula, new Hashtable { ["CUSTOMER_ID"] = 42 }, CancellationToken.None);

        Assert.Equal(ResolutionReason.MissingTag, resolution.Reason);
        Assert.Equal(["REGION"], resolution.MissingTags);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_missing_record_checks_the_connection_once_per_resolver()
    {
        var connectionLookups = 0;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                Interlocked.Increment(ref connectionLookups);
                await context.Response.WriteAsync($$"""{"data_connection_uuid":"{{ConnectionId}}","name":"n","primary_key":"customer_id"}""");
                return;
            }

            context.Response.StatusCode = (int)HttpStatusCode.NotFound;
            await context.Response.WriteAsync("""{"detail":"Record not found"}""");
        });
        using var client = TestClients.Client(server.BaseUri);
        var resolver = new FormulaResolver(client);

        var first = await resolver.ResolveAsync(Formula, Tags, CancellationToken.None);
        var second = await resolver.ResolveAsync(Formula, Tags, CancellationToken.None);

        Assert.Equal(ResolutionReason.RecordNotFound, first.Reason);
        Assert.Equal(ResolutionReason.RecordNotFound, second.Reason);
        Assert.Equal("default_product", second.Value);
        Assert.Equal(1, connectionLookups);
    }

    [Fact]
    public async Task Cancellation_is_not_a_fallback()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) => await Task.Delay(5000, context.RequestAborted));
        using var client = TestClients.Client(server.BaseUri);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new FormulaResolver(client).ResolveAsync(Formula, Tags, cancellation.Token));
    }
}
