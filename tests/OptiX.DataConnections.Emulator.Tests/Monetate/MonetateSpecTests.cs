using System.Net;
using System.Text.Json.Nodes;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests.Monetate;

/// <summary>
/// The rules of Monetate's published OpenAPI description (schema, data and token APIs), one by one: each refused input
/// is a 400 in the envelope naming the rule, each accepted one is answered in the spec's shape.
/// </summary>
public sealed class MonetateSpecTests(MonetateFixture fixture) : IClassFixture<MonetateFixture>
{
    private const string Schemas = MonetateFixture.DataBase + "/schema/";
    private const string Data = MonetateFixture.DataBase + "/data/";

    private static string NewName() => "p_" + Guid.NewGuid().ToString("N")[..12];

    private static Dictionary<string, object> Fields(params (string Name, object Definition)[] more)
    {
        var fields = new Dictionary<string, object> { ["customer_id"] = MonetateSchemaTests.Field(identifier: true) };
        foreach (var (name, definition) in more)
        {
            fields[name] = definition;
        }
        return fields;
    }

    private static object EventTimeField(string type = "DATETIME") => new { data_type = type, event_time = true };

    private async Task<string> CreateAsync(ApiClient api, Dictionary<string, object> fields)
    {
        var name = NewName();
        (await api.PostAsync(Schemas, MonetateSchemaTests.Schema(name, fields))).Expect(HttpStatusCode.Created);
        return name;
    }

    private static Task<ApiResponse> PostRowsAsync(ApiClient api, string schema, string rows) =>
        api.PostAsync($"{Data}{schema}/", $$"""{"schema_rows":[{{rows}}]}""");

    [Fact]
    public async Task A_created_schema_is_answered_with_its_id_created_date_and_named_identifier()
    {
        using var api = await fixture.DataClientAsync();
        var name = NewName();

        var created = (await api.PostAsync(Schemas, MonetateSchemaTests.Schema(name, Fields()))).Expect(HttpStatusCode.Created).Json["data"]!;
        var read = (await api.GetAsync(Schemas + name + "/")).Expect(HttpStatusCode.OK).Json["data"]!;

        Assert.True(created["id"]!.GetValue<long>() > 0);
        Assert.Equal(created["id"]!.GetValue<long>(), read["id"]!.GetValue<long>());
        Assert.True(DateTimeOffset.TryParse(created["created_date"]!.GetValue<string>(), out _));
        Assert.Equal(created["created_date"]!.GetValue<string>(), read["created_date"]!.GetValue<string>());
        Assert.Equal("customer", read["named_identifier"]!.GetValue<string>());

        // The read-only id and created_date are ignored when a schema is sent back as it was read.
        read["name"] = NewName();
        (await api.PostAsync(Schemas, read.ToJsonString())).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Every_data_type_of_the_spec_is_accepted_and_type_defaults_to_attribute()
    {
        using var api = await fixture.DataClientAsync();
        var fields = Fields(
            ("tags", MonetateSchemaTests.Field("MULTI_STRING")),
            ("category", MonetateSchemaTests.Field("GOOGLE_PRODUCT_CATEGORY")),
            ("points", MonetateSchemaTests.Field("NUMBER")),
            ("vip", MonetateSchemaTests.Field("BOOLEAN")),
            ("joined", MonetateSchemaTests.Field("DATETIME")));
        var name = NewName();

        var created = (await api.PostAsync(Schemas, new { name, fields, named_identifier = "customer" })).Expect(HttpStatusCode.Created).Json["data"]!;

        Assert.Equal("attribute", created["type"]!.GetValue<string>());
        Assert.Equal("MULTI_STRING", created["fields"]!["tags"]!["data_type"]!.GetValue<string>());
        Assert.Equal("GOOGLE_PRODUCT_CATEGORY", created["fields"]!["category"]!["data_type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("1customers", "name")]
    [InlineData("customer-data", "name")]
    [InlineData("customer data", "name")]
    [InlineData("_customers", "name")]
    public async Task A_schema_name_outside_the_pattern_is_a_400(string name, string field)
    {
        using var api = await fixture.DataClientAsync();

        var response = await api.PostAsync(Schemas, MonetateSchemaTests.Schema(name, Fields()));

        Assert.Contains("^[A-Za-z][A-Za-z0-9_]*$", response.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(field, response.ErrorField());
    }

    [Fact]
    public async Task A_schema_name_of_64_characters_is_accepted_and_65_is_a_400()
    {
        using var api = await fixture.DataClientAsync();
        var stem = "n" + Guid.NewGuid().ToString("N");

        (await api.PostAsync(Schemas, MonetateSchemaTests.Schema(stem.PadRight(64, 'x'), Fields()))).Expect(HttpStatusCode.Created);
        Assert.Contains("at most 64",
            (await api.PostAsync(Schemas, MonetateSchemaTests.Schema(stem.PadRight(65, 'x'), Fields()))).ExpectMonetateError(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("")]
    [InlineData(42)]
    public async Task An_unknown_schema_type_is_a_400(object type)
    {
        using var api = await fixture.DataClientAsync();

        var response = await api.PostAsync(Schemas, new { name = NewName(), type, fields = Fields(), named_identifier = "customer" });

        Assert.Contains("unknown schema type", response.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("type", response.ErrorField());
    }

    [Theory]
    [InlineData("NUMBER", true, false, "identifier")]
    [InlineData("BOOLEAN", true, false, "identifier")]
    [InlineData("MULTI_STRING", true, false, "identifier")]
    [InlineData("NUMBER", false, true, "unique_key")]
    [InlineData("DATETIME", false, true, "unique_key")]
    public async Task The_identifier_and_the_unique_key_must_be_STRING(string type, bool identifier, bool uniqueKey, string role)
    {
        using var api = await fixture.DataClientAsync();
        var fields = new Dictionary<string, object> { ["key"] = MonetateSchemaTests.Field(type, identifier: identifier, uniqueKey: uniqueKey) };
        if (!identifier)
        {
            fields["customer_id"] = MonetateSchemaTests.Field(identifier: true);
        }

        var response = await api.PostAsync(Schemas, MonetateSchemaTests.Schema(NewName(), fields));

        Assert.Contains("must have data_type STRING", response.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal($"fields.key.{role}", response.ErrorField());
    }

    [Fact]
    public async Task Event_time_is_only_for_a_DATETIME_field_and_an_event_schema_needs_exactly_one()
    {
        using var api = await fixture.DataClientAsync();
        object Event(Dictionary<string, object> fields) => new { name = NewName(), type = "event", fields, named_identifier = "customer" };

        Assert.Contains("must have data_type DATETIME",
            (await api.PostAsync(Schemas, MonetateSchemaTests.Schema(NewName(), Fields(("at", EventTimeField("STRING")))))).ExpectMonetateError(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        Assert.Contains("exactly one event_time field",
            (await api.PostAsync(Schemas, Event(Fields()))).ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("exactly one event_time field",
            (await api.PostAsync(Schemas, Event(Fields(("at", EventTimeField()), ("again", EventTimeField()))))).ExpectMonetateError(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        Assert.Contains("at most one event_time field",
            (await api.PostAsync(Schemas, MonetateSchemaTests.Schema(NewName(), Fields(("at", EventTimeField()), ("again", EventTimeField())))))
                .ExpectMonetateError(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);

        var created = (await api.PostAsync(Schemas, Event(Fields(("at", EventTimeField()))))).Expect(HttpStatusCode.Created).Json["data"]!;
        Assert.Equal("event", created["type"]!.GetValue<string>());
        Assert.True(created["fields"]!["at"]!["event_time"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("customer-id")]
    [InlineData("customer id")]
    [InlineData("")]
    [InlineData("customer\n")]
    public async Task A_named_identifier_outside_word_characters_is_a_400_on_create_and_on_patch(string named)
    {
        using var api = await fixture.DataClientAsync();
        var name = await CreateAsync(api, Fields());

        var created = await api.PostAsync(Schemas, new { name = NewName(), type = "attribute", fields = Fields(), named_identifier = named });
        var patched = await api.PatchAsync(Schemas + name + "/", new { named_identifier = named });

        Assert.Contains("Identifier Name", created.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("Identifier Name", patched.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("named_identifier", patched.ErrorField());
    }

    [Fact]
    public async Task The_patch_answer_holds_only_what_changed()
    {
        using var api = await fixture.DataClientAsync();
        var name = await CreateAsync(api, Fields(("email", MonetateSchemaTests.Field())));

        var added = (await api.PatchAsync(Schemas + name + "/", new { fields = new Dictionary<string, object> { ["tier"] = MonetateSchemaTests.Field() } }))
            .Expect(HttpStatusCode.OK).Json["data"]!.AsObject();
        var named = (await api.PatchAsync(Schemas + name + "/", new { named_identifier = "member" })).Expect(HttpStatusCode.OK).Json["data"]!.AsObject();

        Assert.Equal(["fields"], added.Select(p => p.Key));
        Assert.Equal(["tier"], added["fields"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["named_identifier"], named.Select(p => p.Key));
        Assert.Equal("member", named["named_identifier"]!.GetValue<string>());
        var schema = (await api.GetAsync(Schemas + name + "/")).Expect(HttpStatusCode.OK).Json["data"]!;
        Assert.Equal(["customer_id", "email", "tier"], schema["fields"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task The_schema_list_pages_with_meta_next_until_it_ends()
    {
        using var api = await fixture.DataClientAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateAsync(api, Fields()));
        }

        var seen = new List<string>();
        string? next = Schemas + "?page_size=2";
        var pages = 0;
        while (next is not null)
        {
            var page = (await api.GetAsync(next)).Expect(HttpStatusCode.OK).Json;
            var data = page["data"]!.AsArray();
            Assert.Equal(data.Count, page["meta"]!["count"]!.GetValue<int>());
            Assert.True(data.Count <= 2);
            Assert.Equal(pages == 0, page["meta"]!["previous"] is null);
            seen.AddRange(data.Select(schema => schema!["name"]!.GetValue<string>()));
            next = page["meta"]!["next"]?.GetValue<string>();
            if (next is not null)
            {
                Assert.StartsWith("http://", next, StringComparison.Ordinal);
                next = new Uri(next).PathAndQuery;
            }
            Assert.True(++pages < 1000, "the list did not end");
        }

        Assert.True(pages >= 3);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(created, name => Assert.Contains(name, seen));
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?page=x")]
    [InlineData("?page_size=101")]
    [InlineData("?page_size=0")]
    public async Task A_page_outside_the_range_is_a_400(string query)
    {
        using var api = await fixture.DataClientAsync();

        (await api.GetAsync(Schemas + query)).ExpectMonetateError(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("\"gold,silver\"")]
    [InlineData("\"Clothing, Women, Sale\"")]
    [InlineData("\"\\\"Clothing, Women\\\",Sale\"")]
    [InlineData("\"one\"")]
    [InlineData("\"5\\\" screen,tablet\"")]
    public async Task A_MULTI_STRING_of_comma_separated_values_is_stored_as_sent(string value)
    {
        using var api = await fixture.DataClientAsync();
        var name = await CreateAsync(api, Fields(("tags", MonetateSchemaTests.Field("MULTI_STRING"))));

        var posted = (await PostRowsAsync(api, name, $$"""{"customer_id":"c1","tags":{{value}}}""")).Expect(HttpStatusCode.Created);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var row = MonetateDataTests.Row((await api.GetAsync($"{Data}{name}/?id=c1")).Expect(HttpStatusCode.OK));

        Assert.Equal(JsonNode.Parse(value)!.GetValue<string>(), row["tags"]!.GetValue<string>());
        Assert.Single(posted.Json["data"]!["schema_rows"]!.AsArray());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\" gold\"")]
    [InlineData("\"gold,,silver\"")]
    [InlineData("\",gold\"")]
    [InlineData("\"gold,\"")]
    [InlineData("\"\\\"gold,silver\"")]
    [InlineData("\"\\\"gold\\\" x,silver\"")]
    [InlineData("[\"gold\",\"silver\"]")]
    [InlineData("12")]
    public async Task A_MULTI_STRING_that_breaks_the_rules_is_a_400_naming_the_field(string value)
    {
        using var api = await fixture.DataClientAsync();
        var name = await CreateAsync(api, Fields(("tags", MonetateSchemaTests.Field("MULTI_STRING"))));

        var response = await PostRowsAsync(api, name, $$"""{"customer_id":"c1","tags":{{value}}}""");

        Assert.Contains("MULTI_STRING", response.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("schema_rows[0].tags", response.ErrorField());
    }

    [Theory]
    [InlineData("\"Apparel & Accessories > Clothing > Dresses\"", true)]
    [InlineData("\"2271\"", true)]
    [InlineData("2271", false)]
    [InlineData("\" 2271\"", false)]
    [InlineData("\"\"", false)]
    public async Task A_GOOGLE_PRODUCT_CATEGORY_is_text(string value, bool accepted)
    {
        using var api = await fixture.DataClientAsync();
        var name = await CreateAsync(api, Fields(("category", MonetateSchemaTests.Field("GOOGLE_PRODUCT_CATEGORY"))));

        var response = await PostRowsAsync(api, name, $$"""{"customer_id":"c1","category":{{value}}}""");

        if (accepted)
        {
            response.Expect(HttpStatusCode.Created);
        }
        else
        {
            Assert.Contains("GOOGLE_PRODUCT_CATEGORY", response.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"customer_id":"c1"}""")]
    [InlineData("""{"customer_id":"c1","order_id":null}""")]
    [InlineData("""{"customer_id":"c1","order_id":""}""")]
    public async Task A_row_without_a_value_for_the_unique_key_is_a_400(string row)
    {
        using var api = await fixture.DataClientAsync();
        var name = await CreateAsync(api, Fields(("order_id", MonetateSchemaTests.Field(uniqueKey: true))));

        var response = await PostRowsAsync(api, name, row);

        response.ExpectMonetateError(HttpStatusCode.BadRequest);
        Assert.Equal("schema_rows[0].order_id", response.ErrorField());
        (await PostRowsAsync(api, name, """{"customer_id":"c1","order_id":"o1"}""")).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Rows_without_sent_time_are_accepted_and_echoed_under_schema_rows()
    {
        using var api = await fixture.DataClientAsync();
        var name = await CreateAsync(api, Fields());

        var response = (await PostRowsAsync(api, name, """{"customer_id":"c1"},{"customer_id":"c2"}""")).Expect(HttpStatusCode.Created);

        Assert.Equal(["schema_rows"], response.Json["data"]!.AsObject().Select(p => p.Key));
        Assert.Equal(2, response.Json["data"]!["schema_rows"]!.AsArray().Count);
        Assert.Equal(201, response.Json["meta"]!["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("?ttl=600", 600)]
    [InlineData("?ttl=43200", 43200)]
    [InlineData("", 3600)]
    public async Task The_token_ttl_follows_the_schema_range_of_600_to_43200(string query, int expected)
    {
        var response = (await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", fixture.Clock.GetUtcNow()), query)).Expect(HttpStatusCode.OK);

        Assert.Equal(expected, response.Json["data"]!["expires_in"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("?ttl=599")]
    [InlineData("?ttl=43201")]
    public async Task A_token_ttl_outside_600_to_43200_is_a_400(string query)
    {
        var response = await fixture.RefreshAsync(MonetateTestJwt.Create(fixture.Alice, "alice", fixture.Clock.GetUtcNow()), query);

        Assert.Contains("600", response.ExpectMonetateError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
