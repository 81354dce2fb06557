using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class AuthenticationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [MemberData(nameof(RouteTable.All), MemberType = typeof(RouteTable))]
    public async Task A_missing_api_key_is_a_FastAPI_422_naming_the_header(string method, string path, string? body)
    {
        using var client = fixture.ClientWithHeaders(("x-brand-key", TestBrands.Main.BrandKey));

        var response = await client.SendAsync(method, RouteTable.Fill(path, Guid.NewGuid().ToString()), body);

        response.Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(
            """{"detail":[{"loc":["header","x-api-key"],"msg":"field required","type":"value_error.missing"}]}""",
            response.Body);
    }

    [Theory]
    [MemberData(nameof(RouteTable.All), MemberType = typeof(RouteTable))]
    public async Task A_missing_brand_key_is_a_422_naming_the_header(string method, string path, string? body)
    {
        using var client = fixture.ClientWithHeaders(("x-api-key", TestBrands.Main.ApiKey));

        var response = await client.SendAsync(method, RouteTable.Fill(path, Guid.NewGuid().ToString()), body);

        response.ExpectValidationErrorAt("header", "x-brand-key");
    }

    [Theory]
    [MemberData(nameof(RouteTable.All), MemberType = typeof(RouteTable))]
    public async Task A_wrong_api_key_is_401(string method, string path, string? body)
    {
        using var client = new ApiClient(fixture.Emulator.BaseUri, TestBrands.Main.BrandKey, "not-the-key");

        var response = await client.SendAsync(method, RouteTable.Fill(path, Guid.NewGuid().ToString()), body);

        response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("""{"detail":"Invalid API key or brand key"}""", response.Body);
    }

    [Fact]
    public async Task Both_headers_missing_are_reported_together()
    {
        using var client = fixture.ClientWithHeaders();

        var response = await client.GetAsync("/connections");

        response.ExpectValidationErrorAt("header", "x-api-key").ExpectValidationErrorAt("header", "x-brand-key");
    }

    [Fact]
    public async Task An_api_key_paired_with_another_brands_key_is_401()
    {
        using var client = new ApiClient(fixture.Emulator.BaseUri, TestBrands.Other.BrandKey, TestBrands.Main.ApiKey);

        var response = await client.GetAsync("/connections");

        response.Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_configured_brand_is_accepted_with_its_own_key()
    {
        (await fixture.Main.GetAsync("/connections")).Expect(HttpStatusCode.OK);
        (await fixture.Other.GetAsync("/connections")).Expect(HttpStatusCode.OK);
    }
}
