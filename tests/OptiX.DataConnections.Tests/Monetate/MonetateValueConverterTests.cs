using System.Numerics;
using OptiX.DataConnections.Monetate;

namespace OptiX.DataConnections.Tests.Monetate;

public class MonetateValueConverterTests
{
    /// <summary>Input, data type, expected value after conversion (null: empty).</summary>
    public static TheoryData<object?, MonetateDataType, object?> Converts => new()
    {
        { "42", MonetateDataType.Number, 42L },
        { "-7", MonetateDataType.Number, -7L },
        { " 12 ", MonetateDataType.Number, 12L },
        { "3.25", MonetateDataType.Number, 3.25m },
        { "0.1", MonetateDataType.Number, 0.1m },
        { "1e3", MonetateDataType.Number, 1000m },
        { "+5", MonetateDataType.Number, 5L },
        { "1e-30", MonetateDataType.Number, 1e-30 },
        { "0.000", MonetateDataType.Number, 0.000m },
        { "123456789012345678901234567890123", MonetateDataType.Number, 1.2345678901234568E+32 },
        { 17, MonetateDataType.Number, 17L },
        { 2.5d, MonetateDataType.Number, 2.5d },
        { 19.99m, MonetateDataType.Number, 19.99m },
        { "", MonetateDataType.Number, null },
        { "true", MonetateDataType.Boolean, true },
        { "FALSE", MonetateDataType.Boolean, false },
        { "1", MonetateDataType.Boolean, true },
        { "0", MonetateDataType.Boolean, false },
        { "yes", MonetateDataType.Boolean, true },
        { "No", MonetateDataType.Boolean, false },
        { true, MonetateDataType.Boolean, true },
        { 0, MonetateDataType.Boolean, false },
        { "2024-05-31", MonetateDataType.DateTime, "2024-05-31" },
        { "2024-05-31T14:30:00Z", MonetateDataType.DateTime, "2024-05-31T14:30:00Z" },
        { "2024-05-31T14:30:00.125+02:00", MonetateDataType.DateTime, "2024-05-31T14:30:00.125+02:00" },
        { " 2024-05-31 14:30 ", MonetateDataType.DateTime, "2024-05-31 14:30" },
        { new DateTime(2024, 5, 31, 14, 30, 0, DateTimeKind.Utc), MonetateDataType.DateTime, "2024-05-31T14:30:00.0000000Z" },
        { new DateTimeOffset(2024, 5, 31, 14, 30, 0, TimeSpan.FromHours(2)), MonetateDataType.DateTime, "2024-05-31T14:30:00+02:00" },
        { "Ann", MonetateDataType.String, "Ann" },
        { "Zoë 東京", MonetateDataType.String, "Zoë 東京" },
        { 42, MonetateDataType.String, "42" },
        { true, MonetateDataType.String, "true" },
        { "   ", MonetateDataType.String, null },
        { null, MonetateDataType.String, null },
        // MULTI_STRING: a string (a CSV cell) is taken as it stands; a list is joined, an element with a comma or quote quoted.
        { "gold,silver", MonetateDataType.MultiString, "gold,silver" },
        { "Clothing, Women, Sale", MonetateDataType.MultiString, "Clothing, Women, Sale" },
        { "\"Clothing, Women\",Sale", MonetateDataType.MultiString, "\"Clothing, Women\",Sale" },
        { "5\" screen,tablet", MonetateDataType.MultiString, "5\" screen,tablet" },
        { new object?[] { "gold", "silver" }, MonetateDataType.MultiString, "gold,silver" },
        { new List<object?> { "Clothing, Women", "Sale", 3 }, MonetateDataType.MultiString, "\"Clothing, Women\",Sale,3" },
        { new object?[] { "say \"hi\"" }, MonetateDataType.MultiString, "\"say \"\"hi\"\"\"" },
        { new object?[] { "one" }, MonetateDataType.MultiString, "one" },
        { new object?[0], MonetateDataType.MultiString, null },
        { 42, MonetateDataType.MultiString, "42" },
        { Newtonsoft.Json.Linq.JArray.Parse("""["a","b, c"]"""), MonetateDataType.MultiString, "a,\"b, c\"" },
        { Newtonsoft.Json.Linq.JValue.CreateString("a,b"), MonetateDataType.MultiString, "a,b" },
        { "", MonetateDataType.MultiString, null },
        // GOOGLE_PRODUCT_CATEGORY: text, a category id or path.
        { "Apparel & Accessories > Clothing", MonetateDataType.GoogleProductCategory, "Apparel & Accessories > Clothing" },
        { 2271, MonetateDataType.GoogleProductCategory, "2271" },
        // A type this module does not know: sent as given.
        { "anything", MonetateDataType.Unknown, "anything" },
        { 12.5m, MonetateDataType.Unknown, 12.5m },
        { true, MonetateDataType.Unknown, true },
    };

    /// <summary>Input, data type, a piece of the reason it is refused.</summary>
    public static TheoryData<object, MonetateDataType, string> Refuses => new()
    {
        { "abc", MonetateDataType.Number, "not a number" },
        { "1,000", MonetateDataType.Number, "no thousands separators" },
        { "0x10", MonetateDataType.Number, "not a number" },
        { "NaN", MonetateDataType.Number, "not a number" },
        { "1e400", MonetateDataType.Number, "not a number" },
        { double.PositiveInfinity, MonetateDataType.Number, "not a finite number" },
        { true, MonetateDataType.Number, "is not a number" },
        { BigInteger.Pow(10, 40), MonetateDataType.Number, "too large" },
        { "maybe", MonetateDataType.Boolean, "not a boolean" },
        { "2", MonetateDataType.Boolean, "not a boolean" },
        { 5, MonetateDataType.Boolean, "only 1 and 0" },
        { 1.5d, MonetateDataType.Boolean, "is not a boolean" },
        { "31/05/2024", MonetateDataType.DateTime, "not an ISO-8601" },
        { "2024-13-01", MonetateDataType.DateTime, "not an ISO-8601" },
        { "May 31, 2024", MonetateDataType.DateTime, "not an ISO-8601" },
        { 20240531, MonetateDataType.DateTime, "is not a date" },
        { " Ann", MonetateDataType.String, "white space" },
        { "Ann ", MonetateDataType.String, "white space" },
        { new object(), MonetateDataType.String, "is not text" },
        { " gold,silver", MonetateDataType.MultiString, "white space" },
        { "gold,,silver", MonetateDataType.MultiString, "element 2" },
        { ",gold", MonetateDataType.MultiString, "element 1" },
        { "gold,", MonetateDataType.MultiString, "ends with a comma" },
        { "\"gold,silver", MonetateDataType.MultiString, "not closed" },
        { "\"gold\" x,silver", MonetateDataType.MultiString, "after its closing quote" },
        { new object?[] { "gold", null }, MonetateDataType.MultiString, "element 2 of the list is empty" },
        { new object?[] { "gold", " silver" }, MonetateDataType.MultiString, "white space" },
        { new object?[] { new object() }, MonetateDataType.MultiString, "is not text" },
        { " 2271", MonetateDataType.GoogleProductCategory, "white space" },
        { new object(), MonetateDataType.Unknown, "data type this module does not know" },
        { double.NaN, MonetateDataType.Unknown, "not a finite number" },
    };

    [Theory]
    [MemberData(nameof(Converts))]
    public void Converts_values_that_fit(object? input, MonetateDataType dataType, object? expected)
    {
        var problem = MonetateValueConverter.TryConvert(input, dataType, out var converted);

        Assert.Null(problem);
        Assert.Equal(expected, converted);
    }

    [Theory]
    [MemberData(nameof(Refuses))]
    public void Refuses_values_that_do_not_fit_and_says_why(object input, MonetateDataType dataType, string reason)
    {
        var problem = MonetateValueConverter.TryConvert(input, dataType, out var converted);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
        Assert.Null(converted);
    }

    [Fact]
    public void A_row_matches_names_ignoring_case_checks_required_fields_and_lists_every_problem()
    {
        var converter = new MonetateRowConverter(MonetateEmulatorFixture.CustomerSchema("customers"));

        var row = converter.Convert([new("Customer_ID", "c1"), new("VIP", "yes"), new("lifetime_value", "")], out var problem);
        Assert.Null(problem);
        Assert.Equal([new("customer_id", "c1"), new("vip", true)], row!);

        Assert.Null(converter.Convert([new("email", " x"), new("vip", "maybe"), new("tier", "gold")], out problem));
        Assert.Contains("email:", problem);
        Assert.Contains("vip:", problem);
        Assert.Contains("'tier' is not a field of schema 'customers'", problem);
        Assert.Contains("customer_id is required but missing", problem);

        Assert.Null(converter.Convert([new("customer_id", "")], out problem));
        Assert.Contains("customer_id is required but empty", problem);
    }

    [Fact]
    public void The_identifier_is_needed_even_when_the_schema_does_not_mark_it_required()
    {
        var schema = new MonetateSchema("s", "attribute", [new MonetateField("id", MonetateDataType.String, required: false, identifier: true), new MonetateField("email", MonetateDataType.String)]);
        var converter = new MonetateRowConverter(schema);

        Assert.Null(converter.Convert([new("email", "a@b.c")], out var problem));
        Assert.Contains("id is required but missing", problem);
    }

    [Fact]
    public void A_row_without_its_unique_key_is_refused_before_sending_and_names_it()
    {
        var schema = new MonetateSchema("orders", "attribute",
        [
            new MonetateField("customer_id", MonetateDataType.String, identifier: true),
            new MonetateField("order_id", MonetateDataType.String, uniqueKey: true),
        ]);
        var converter = new MonetateRowConverter(schema);

        Assert.Null(converter.Convert([new("customer_id", "c1")], out var missing));
        Assert.Null(converter.Convert([new("customer_id", "c1"), new("order_id", "  ")], out var empty));
        Assert.NotNull(converter.Convert([new("customer_id", "c1"), new("order_id", "o1")], out var none));

        Assert.Contains("order_id is required but missing (it is the schema's unique key)", missing);
        Assert.Contains("order_id is required but empty (it is the schema's unique key)", empty);
        Assert.Null(none);
    }

    [Fact]
    public void A_field_of_a_type_this_module_does_not_know_takes_values_as_given_without_refusing_the_row()
    {
        var json = Newtonsoft.Json.Linq.JObject.Parse("""{"name":"s","type":"attribute","fields":{"id":{"data_type":"STRING","identifier":true},"loc":{"data_type":"GEO_POINT"}}}""");
        var schema = MonetateSchema.FromJson(json);
        var converter = new MonetateRowConverter(schema!);

        var row = converter.Convert([new("id", "a"), new("loc", "51.5,-0.1")], out var problem);

        Assert.Null(problem);
        Assert.Equal(MonetateDataType.Unknown, schema!.Fields[1].DataType);
        Assert.Equal("GEO_POINT", schema.Fields[1].DataTypeName);
        Assert.Equal([new("id", "a"), new("loc", "51.5,-0.1")], row!);
    }

    [Theory]
    [InlineData("STRING", MonetateDataType.String, "STRING")]
    [InlineData("MULTI_STRING", MonetateDataType.MultiString, "MULTI_STRING")]
    [InlineData("multistring", MonetateDataType.MultiString, "MULTI_STRING")]
    [InlineData("GOOGLE_PRODUCT_CATEGORY", MonetateDataType.GoogleProductCategory, "GOOGLE_PRODUCT_CATEGORY")]
    [InlineData("GoogleProductCategory", MonetateDataType.GoogleProductCategory, "GOOGLE_PRODUCT_CATEGORY")]
    [InlineData("DateTime", MonetateDataType.DateTime, "DATETIME")]
    public void Data_types_are_read_by_their_API_and_enum_names_and_written_by_the_API_name(string name, MonetateDataType expected, string apiName)
    {
        Assert.True(MonetateDataTypes.TryParse(name, out var type));
        Assert.Equal(expected, type);
        Assert.Equal(apiName, MonetateDataTypes.ApiName(expected));
        Assert.Equal(apiName, new MonetateField("f", expected).DataTypeName);
        Assert.False(MonetateDataTypes.TryParse("GEO_POINT", out _));
        Assert.Equal(MonetateDataType.Unknown, MonetateDataTypes.FromApiName("GEO_POINT"));
    }

    [Fact]
    public void Unknown_fields_can_be_left_out_and_are_named()
    {
        var converter = new MonetateRowConverter(MonetateEmulatorFixture.CustomerSchema("customers"), ignoreUnknownFields: true);

        var row = converter.Convert([new("customer_id", "c1"), new("tier", "gold")], out var problem);

        Assert.Null(problem);
        Assert.Single(row!);
        Assert.Equal(["tier"], converter.IgnoredFields);
    }
}
