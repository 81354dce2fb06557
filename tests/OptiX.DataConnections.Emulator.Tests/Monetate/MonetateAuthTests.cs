using System.Net;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

public sealed class MonetateAuthTests(MonetateFixture fixture) : IClassFixture<MonetateFixture>
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Theory]
    [InlineData("RS256")]
    [InlineData("RS384")]
    [InlineData("RS512")]
    public async Task A_jwt_signed_with_the_users_key_gets_a_token(string alg)
    {
        var response = await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", Now, alg));

        response.Expect(HttpStatusCode.OK);
        var json = response.Json;
        Assert.Equal(200, json["meta"]!["code"]!.GetValue<int>());
        Assert.Empty(json["meta"]!["errors"]!.AsArray());
        Assert.Empty(json["meta"]!["warnings"]!.AsArray());
        var data = json["data"]!;
        Assert.False(string.IsNullOrEmpty(data["token"]!.GetValue<string>()));
        Assert.Equal(3600, data["expires_in"]!.GetValue<int>());
        var issuedAt = data["issued_at"]!.GetValue<double>();
        Assert.Equal(Now.ToUnixTimeMilliseconds() / 1000.0, issuedAt, 3);
        Assert.Equal(issuedAt + 3600, data["expires_at"]!.GetValue<double>(), 3);
    }

    [Theory]
    [InlineData("?ttl=600", 600)]
    [InlineData("?ttl=43200", 43200)]
    [InlineData("?ttl=7200", 7200)]
    public async Task The_ttl_is_accepted_from_600_to_43200_seconds(string query, int expected)
    {
        var response = (await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", Now), query)).Expect(HttpStatusCode.OK);

        Assert.Equal(expected, response.Json["data"]!["expires_in"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("?ttl=599")]
    [InlineData("?ttl=43201")]
    [InlineData("?ttl=0")]
    [InlineData("?ttl=-1")]
    [InlineData("?ttl=abc")]
    [InlineData("?ttl=")]
    public async Task A_ttl_outside_the_range_is_a_400(string query)
    {
        var response = await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", Now), query);

        Assert.Contains("ttl", response.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("JWT")]
    [InlineData("Bearer abc.def.ghi")]
    [InlineData("Token abc")]
    [InlineData("JWT not-a-jwt")]
    [InlineData("JWT a.b")]
    [InlineData("JWT !!!.???.***")]
    public async Task A_missing_or_malformed_header_is_a_401(string? header)
    {
        using var client = header is null ? fixture.Client() : fixture.Client(("Authorization", header));

        var response = await client.GetAsync(MonetateFixture.RefreshPath);

        response.ExpectMonetateError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_username_is_a_401()
    {
        var response = await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "mallory", Now));

        Assert.Contains("mallory", response.ExpectMonetateError(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jwt_signed_with_another_key_is_a_401()
    {
        var response = await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Bob, "alice", Now));

        Assert.Contains("signature", response.ExpectMonetateError(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_payload_is_a_401()
    {
        var parts = MonetateTestJwt.Create(fixture.Alice, "alice", Now).Split('.');
        var bobs = MonetateTestJwt.Create(fixture.Alice, "bob", Now).Split('.');

        var response = await fixture.RefreshAsync(parts[0] + "." + bobs[1] + "." + parts[2]);

        response.ExpectMonetateError(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-3600)]
    public async Task An_iat_more_than_five_minutes_away_is_a_401(int offsetSeconds)
    {
        var response = await fixture.RefreshAsync(
            MonetateTestJwt.Create(fixture.Alice, "alice", Now.AddSeconds(offsetSeconds)));

        Assert.Contains("iat", response.ExpectMonetateError(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public async Task An_iat_within_five_minutes_is_accepted(int offsetSeconds)
    {
        (await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", Now.AddSeconds(offsetSeconds))))
            .Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Alg_none_is_a_401()
    {
        var response = await fixture.RefreshAsync(MonetateTestJwt.CreateUnsigned("alice", Now));

        Assert.Contains("algorithm", response.ExpectMonetateError(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hs256_signed_with_the_public_key_text_is_a_401()
    {
        var secret = System.Text.Encoding.ASCII.GetBytes(fixture.Alice.ExportSubjectPublicKeyInfoPem());

        var response = await fixture.RefreshAsync(MonetateTestJwt.CreateHs256(secret, "alice", Now));

        Assert.Contains("algorithm", response.ExpectMonetateError(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_tokens_are_live_at_once_and_each_expires_on_its_own()
    {
        var first = await fixture.DataClientAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var second = await fixture.DataClientAsync();

        (await first.GetAsync(MonetateFixture.DataBase + "/schema/")).Expect(HttpStatusCode.OK);
        (await second.GetAsync(MonetateFixture.DataBase + "/schema/")).Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        (await first.GetAsync(MonetateFixture.DataBase + "/schema/")).ExpectMonetateError(HttpStatusCode.Unauthorized);
        (await second.GetAsync(MonetateFixture.DataBase + "/schema/")).Expect(HttpStatusCode.OK);
        first.Dispose();
        second.Dispose();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Token")]
    [InlineData("Token unknown-token")]
    [InlineData("JWT abc")]
    public async Task The_data_api_without_a_live_token_is_a_401(string? header)
    {
        using var client = header is null ? fixture.Client() : fixture.Client(("Authorization", header));

        (await client.GetAsync(MonetateFixture.DataBase + "/schema/")).ExpectMonetateError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_retailer_is_a_404()
    {
        using var client = await fixture.DataClientAsync();

        (await client.GetAsync("/api/data/v1/other/production/schema/")).ExpectMonetateError(HttpStatusCode.NotFound);
    }
}
