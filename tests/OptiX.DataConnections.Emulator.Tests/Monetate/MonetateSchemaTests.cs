using System.Net;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

public sealed class MonetateSchemaTests(MonetateFixture fixture) : IClassFixture<MonetateFixture>
{
    private const string Schemas = MonetateFixture.DataBase + "/schema/";

    public static object Field(string type = "STRING", bool identifier = false, bool uniqueKey = false, bool required = false) =>
        new { data_type = type, required, identifier, unique_key = uniqueKey };

    /// <summary>An attribute schema with an Identifier Name (without one its data cannot be used).</summary>
    public static object Schema(string name, Dictionary<string, object> fields) =>
        new { name, type = "attribute", fields, named_identifier = "customer" };

    private static string NewName() => "s_" + Guid.NewGuid().ToString("N")[..12];

    private static Dictionary<string, object> Basic() => new()
    {
        ["customer_id"] = Field(identifier: true, required: true),
        ["points"] = Field("NUMBER"),
    };

    [Fact]
    public async Task A_schema_is_created_listed_read_and_deleted()
    {
        using var api = await fixture.DataClientAsync();
        var name = NewName();

        var created = (await api.PostAsync(Schemas, Schema(name, Basic()))).Expect(HttpStatusCode.Created);
        Assert.Equal(201, created.Json["meta"]!["code"]!.GetValue<int>());
        Assert.Equal(name, created.Json["data"]!["name"]!.GetValue<string>());
        Assert.True(created.Json["data"]!["fields"]!["customer_id"]!["identifier"]!.GetValue<bool>());

        var list = (await api.GetAsync(Schemas)).Expect(HttpStatusCode.OK);
        Assert.Contains(list.Json["data"]!.AsArray(), schema => schema!["name"]!.GetValue<string>() == name);
        var read = (await api.GetAsync(Schemas + name + "/")).Expect(HttpStatusCode.OK);
        Assert.Equal("NUMBER", read.Json["data"]!["fields"]!["points"]!["data_type"]!.GetValue<string>());

        (await api.DeleteAsync(Schemas + name + "/")).Expect(HttpStatusCode.NoContent);
        (await api.GetAsync(Schemas + name + "/")).ExpectMonetateError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Forty_fields_are_allowed_and_forty_one_are_a_400()
    {
        using var api = await fixture.DataClientAsync();
        var fields = Basic();
        for (var i = fields.Count; i < 40; i++)
        {
            fields[$"f{i}"] = Field();
        }
        (await api.PostAsync(Schemas, Schema(NewName(), fields))).Expect(HttpStatusCode.Created);

        fields["f40"] = Field();
        var error = (await api.PostAsync(Schemas, Schema(NewName(), fields))).ExpectMonetateError(HttpStatusCode.BadRequest);
        Assert.Contains("at most 40 fields", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, "exactly one identifier")]
    [InlineData(2, 0, "exactly one identifier")]
    [InlineData(1, 2, "at most one unique key")]
    public async Task Identifier_and_unique_key_counts_are_enforced(int identifiers, int uniqueKeys, string rule)
    {
        using var api = await fixture.DataClientAsync();
        var fields = new Dictionary<string, object>();
        for (var i = 0; i < 3; i++)
        {
            fields[$"f{i}"] = Field(identifier: i < identifiers, uniqueKey: i < uniqueKeys);
        }

        var error = (await api.PostAsync(Schemas, Schema(NewName(), fields))).ExpectMonetateError(HttpStatusCode.BadRequest);

        Assert.Contains(rule, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_data_type_is_a_400()
    {
        using var api = await fixture.DataClientAsync();
        var fields = Basic();
        fields["when"] = Field("DATE");

        var error = (await api.PostAsync(Schemas, Schema(NewName(), fields))).ExpectMonetateError(HttpStatusCode.BadRequest);

        Assert.Contains("data type", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_name_and_malformed_bodies_are_400s()
    {
        using var api = await fixture.DataClientAsync();
        var name = NewName();
        (await api.PostAsync(Schemas, Schema(name, Basic()))).Expect(HttpStatusCode.Created);

        (await api.PostAsync(Schemas, Schema(name, Basic()))).ExpectMonetateError(HttpStatusCode.BadRequest);
        (await api.PostAsync(Schemas, "{not json")).ExpectMonetateError(HttpStatusCode.BadRequest);
        (await api.PostAsync(Schemas, "[]")).ExpectMonetateError(HttpStatusCode.BadRequest);
        (await api.PostAsync(Schemas, new { name = NewName(), type = "attribute" })).ExpectMonetateError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Patch_adds_fields_within_the_rules()
    {
        using var api = await fixture.DataClientAsync();
        var name = NewName();
        (await api.PostAsync(Schemas, Schema(name, Basic()))).Expect(HttpStatusCode.Created);

        var patched = (await api.PatchAsync(Schemas + name + "/", new { fields = new Dictionary<string, object> { ["tier"] = Field() } }))
            .Expect(HttpStatusCode.OK);
        Assert.NotNull(patched.Json["data"]!["fields"]!["tier"]);

        var second = new Dictionary<string, object> { ["other_id"] = Field(identifier: true) };
        Assert.Contains("exactly one identifier",
            (await api.PatchAsync(Schemas + name + "/", new { fields = second })).ExpectMonetateError(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        var tooMany = Enumerable.Range(0, 38).ToDictionary(i => $"x{i}", _ => Field());
        Assert.Contains("at most 40 fields",
            (await api.PatchAsync(Schemas + name + "/", new { fields = tooMany })).ExpectMonetateError(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        (await api.PatchAsync(Schemas + name + "/", new { fields = new Dictionary<string, object> { ["tier"] = Field() } }))
            .ExpectMonetateError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Patch_sets_the_named_identifier_but_not_together_with_fields()
    {
        using var api = await fixture.DataClientAsync();
        var name = NewName();
        (await api.PostAsync(Schemas, Schema(name, Basic()))).Expect(HttpStatusCode.Created);

        var patched = (await api.PatchAsync(Schemas + name + "/", new { named_identifier = "customer" })).Expect(HttpStatusCode.OK);
        Assert.Equal("customer", patched.Json["data"]!["named_identifier"]!.GetValue<string>());

        var both = new { named_identifier = "x", fields = new Dictionary<string, object> { ["tier"] = Field() } };
        Assert.Contains("not both",
            (await api.PatchAsync(Schemas + name + "/", both)).ExpectMonetateError(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        (await api.PatchAsync(Schemas + "missing_schema/", new { named_identifier = "x" })).ExpectMonetateError(HttpStatusCode.NotFound);
    }
}
