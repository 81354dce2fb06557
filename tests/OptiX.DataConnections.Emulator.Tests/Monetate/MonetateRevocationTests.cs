using System.Net;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

/// <summary>Revoking an API user's key (<c>/admin/monetate/users/{name}/deactivate</c>) makes its JWTs and tokens a 403.</summary>
public sealed class MonetateRevocationTests(MonetateFixture fixture) : IClassFixture<MonetateFixture>
{
    private const string Users = "/admin/monetate/users";
    private const string Schemas = MonetateFixture.DataBase + "/schema/";

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task A_deactivated_users_jwts_and_tokens_are_a_403_until_it_is_activated_again()
    {
        using var admin = fixture.Admin();
        using var alice = await fixture.DataClientAsync("alice");
        using var bob = await fixture.DataClientAsync("bob");
        try
        {
            var deactivated = (await admin.PostAsync($"{Users}/alice/deactivate", "")).Expect(HttpStatusCode.OK);
            Assert.Equal("""{"name":"alice","active":false}""", deactivated.Body);
            Assert.Equal(
                """[{"name":"alice","active":false},{"name":"bob","active":true}]""",
                (await admin.GetAsync(Users)).Expect(HttpStatusCode.OK).Body);

            var refused = await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", Now));
            Assert.Contains("deactivated", refused.ExpectMonetateError(HttpStatusCode.Forbidden), StringComparison.Ordinal);
            (await alice.GetAsync(Schemas)).ExpectMonetateError(HttpStatusCode.Forbidden);
            (await alice.PostAsync(Schemas, MonetateSchemaTests.Schema("revoked", new() { ["id"] = MonetateSchemaTests.Field(identifier: true) })))
                .ExpectMonetateError(HttpStatusCode.Forbidden);
            // Without proof of the key, the answer stays a 401.
            (await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Bob, "alice", Now))).ExpectMonetateError(HttpStatusCode.Unauthorized);

            (await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Bob, "bob", Now))).Expect(HttpStatusCode.OK);
            (await bob.GetAsync(Schemas)).Expect(HttpStatusCode.OK);
        }
        finally
        {
            var activated = (await admin.PostAsync($"{Users}/alice/activate", "")).Expect(HttpStatusCode.OK);
            Assert.Equal("""{"name":"alice","active":true}""", activated.Body);
        }

        (await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", Now))).Expect(HttpStatusCode.OK);
        (await alice.GetAsync(Schemas)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Activating_and_deactivating_are_idempotent_and_an_unknown_user_is_a_404()
    {
        using var admin = fixture.Admin();

        (await admin.PostAsync($"{Users}/bob/activate", "")).Expect(HttpStatusCode.OK);
        (await admin.PostAsync($"{Users}/bob/activate", "")).Expect(HttpStatusCode.OK);
        (await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Bob, "bob", Now))).Expect(HttpStatusCode.OK);

        var unknown = await admin.PostAsync($"{Users}/mallory/deactivate", "");
        unknown.Expect(HttpStatusCode.NotFound);
        Assert.Equal("No Monetate API user named 'mallory'", unknown.Detail);
        (await admin.PostAsync($"{Users}/mallory/activate", "")).Expect(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/admin/monetate/users")]
    [InlineData("POST", "/admin/monetate/users/alice/deactivate")]
    [InlineData("POST", "/admin/monetate/users/alice/activate")]
    public async Task Without_the_admin_key_the_user_routes_are_hidden(string method, string path)
    {
        using var noKey = fixture.Client();
        using var wrongKey = fixture.Client(("x-admin-key", "not-" + MonetateFixture.AdminKey));

        foreach (var client in new[] { noKey, wrongKey })
        {
            var response = await client.SendAsync(new HttpMethod(method), path, method == "POST" ? "" : null);

            response.Expect(HttpStatusCode.NotFound);
            Assert.Equal("""{"detail":"Not Found"}""", response.Body);
        }
        (await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", Now))).Expect(HttpStatusCode.OK);
    }
}
