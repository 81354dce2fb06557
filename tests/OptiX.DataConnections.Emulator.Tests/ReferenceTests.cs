using System.Net;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

public sealed class ReferenceTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task A_created_reference_answers_201_and_is_listed()
    {
        var connection = await Api.CreateConnectionAsync();

        var created = (await Api.PostAsync($"/connections/{connection}/references", new { reference_type = "mail", reference_id = "campaign-7" }))
            .Expect(HttpStatusCode.Created).Json;
        (await Api.PostAsync($"/connections/{connection}/references", new { reference_type = "sms", reference_id = "s-1" }))
            .Expect(HttpStatusCode.Created);

        var list = (await Api.GetAsync($"/connections/{connection}/references")).Expect(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(2, list.Count);
        var first = list[0]!.AsObject();
        Assert.Equal(["reference_uuid", "reference_type", "reference_id", "created_at"], first.Select(property => property.Key));
        Assert.Equal(created["reference_uuid"]!.GetValue<string>(), first["reference_uuid"]!.GetValue<string>());
        Assert.Equal("mail", first["reference_type"]!.GetValue<string>());
        Assert.Equal("campaign-7", first["reference_id"]!.GetValue<string>());
        Assert.EndsWith("Z", first["created_at"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"reference_id":"x"}""", "reference_type")]
    [InlineData("""{"reference_type":"mail"}""", "reference_id")]
    [InlineData("""{"reference_type":"","reference_id":"x"}""", "reference_type")]
    [InlineData("""{"reference_type":"mail","reference_id":""}""", "reference_id")]
    public async Task Type_and_id_are_required_non_empty_strings(string body, string field)
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.PostAsync($"/connections/{connection}/references", body);

        response.ExpectValidationErrorAt("body", field);
    }

    [Fact]
    public async Task Delete_answers_204_and_removes_only_that_reference()
    {
        var connection = await Api.CreateConnectionAsync();
        var gone = await CreateReferenceAsync(connection, "banner", "b-1");
        var kept = await CreateReferenceAsync(connection, "mail", "m-1");

        var response = await Api.DeleteAsync($"/connections/{connection}/references/{gone}");

        response.Expect(HttpStatusCode.NoContent);
        var list = (await Api.GetAsync($"/connections/{connection}/references")).Json.AsArray();
        Assert.Equal([kept], list.Select(reference => reference!["reference_uuid"]!.GetValue<string>()));
        (await Api.DeleteAsync($"/connections/{connection}/references/{gone}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_reference_or_one_of_another_connection_is_404()
    {
        var connection = await Api.CreateConnectionAsync();
        var other = await Api.CreateConnectionAsync();
        var reference = await CreateReferenceAsync(other, "mail", "m-1");

        var unknown = await Api.DeleteAsync($"/connections/{connection}/references/{Guid.NewGuid()}");
        var foreign = await Api.DeleteAsync($"/connections/{connection}/references/{reference}");

        unknown.Expect(HttpStatusCode.NotFound);
        Assert.Equal("Reference not found", unknown.Detail);
        foreign.Expect(HttpStatusCode.NotFound);
        Assert.Single((await Api.GetAsync($"/connections/{other}/references")).Json.AsArray());
    }

    [Fact]
    public async Task A_malformed_reference_uuid_is_a_422()
    {
        var connection = await Api.CreateConnectionAsync();

        var response = await Api.DeleteAsync($"/connections/{connection}/references/not-a-uuid");

        response.ExpectValidationErrorAt("path", "reference_uuid");
    }

    private async Task<string> CreateReferenceAsync(string connection, string type, string id) =>
        (await Api.PostAsync($"/connections/{connection}/references", new { reference_type = type, reference_id = id }))
            .Expect(HttpStatusCode.Created).Json["reference_uuid"]!.GetValue<string>();
}
