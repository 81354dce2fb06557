using OptiX.DataConnections.Formulas;

namespace OptiX.DataConnections.Tests.Formulas;

public class FormulaBuilderTests
{
    private static readonly Guid Id = Guid.Parse("9ce27b8c-8b16-427a-8d00-f40b816bc092");

    [Fact]
    public void Builds_the_guides_upload_based_example()
    {
        var formula = FormulaBuilder.Create(Id, "[%CUSTOMER_ID%]", "product_url", fallback: "default_url");

        Assert.Equal("DC_9ce27b8c-8b16-427a-8d00-f40b816bc092:[%CUSTOMER_ID%]::product_url:default_url", formula.ToString());
    }

    [Fact]
    public void Builds_the_guides_api_based_example()
    {
        var formula = new FormulaBuilder(Id, "[%CUSTOMER_ID%]", "product_name")
            .WithParameter("filter", "active_users")
            .WithFallback("default_product")
            .Build();

        Assert.Equal("DC_9ce27b8c-8b16-427a-8d00-f40b816bc092:[%CUSTOMER_ID%]:filter=active_users:product_name:default_product", formula.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_fallback_writes_an_empty_fifth_segment(string? fallback)
    {
        var formula = FormulaBuilder.Create(Id, "[%ID%]", "name", fallback: fallback);

        Assert.Null(formula.Fallback);
        Assert.EndsWith(":name:", formula.Text);
    }

    /// <summary>Key, return field, parameters as name=value, fallback.</summary>
    public static TheoryData<string, string, string[], string?> RoundTrips => new()
    {
        { "[%CUSTOMER_ID%]", "product_url", [], "default_url" },
        { "[%CUSTOMER_ID%]", "product_name", ["filter=active_users"], "default_product" },
        { "42", "address.city", ["b=2", "a=[%REGION%]", "empty="], null },
        { "cust [%ID%]", "name", [], "Dear customer, welcome!" },
        { "[%ID%]", "items.0.name", ["q=[%ID%]"], "  padded" },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Built_formulas_parse_back_equal(string key, string field, string[] parameters, string? fallback)
    {
        var pairs = parameters.Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();
        var built = FormulaBuilder.Create(Id, key, field, pairs, fallback);

        var parsed = FormulaParser.Parse(built.ToString());

        Assert.Equal(built, parsed);
        Assert.Equal(built.GetHashCode(), parsed.GetHashCode());
        Assert.True(built == parsed);
        Assert.Equal(key, parsed.PrimaryKey);
        Assert.Equal(field, parsed.ReturnField);
        Assert.Equal(pairs, parsed.Parameters);
        Assert.Equal(fallback, parsed.Fallback);
    }

    /// <summary>Key, field, parameter name and value, fallback; the part expected at fault and a piece of the message.</summary>
    public static TheoryData<string, string, string?, string?, string?, FormulaPart, string> Refusals => new()
    {
        { "[%ID%]:x", "name", null, null, null, FormulaPart.PrimaryKey, "The primary key '[%ID%]:x' contains ':', which separates the segments of a formula" },
        { "[%ID%]", "a:b", null, null, null, FormulaPart.ReturnField, "The return field 'a:b' contains ':'" },
        { "[%ID%]", "url", null, null, "https://example.com", FormulaPart.Fallback, "The fallback 'https://example.com' contains ':'" },
        { "[%ID%]", "name", "a:b", "1", null, FormulaPart.Parameters, "The API parameter name 'a:b' contains ':'" },
        { "[%ID%]", "name", "a&b", "1", null, FormulaPart.Parameters, "The API parameter name 'a&b' contains '&', which joins API parameters" },
        { "[%ID%]", "name", "a=b", "1", null, FormulaPart.Parameters, "The API parameter name 'a=b' contains '=', which separates an API parameter's name from its value" },
        { "[%ID%]", "name", "filter", "x:y", null, FormulaPart.Parameters, "The value of API parameter 'filter' 'x:y' contains ':'" },
        { "[%ID%]", "name", "filter", "x&y", null, FormulaPart.Parameters, "The value of API parameter 'filter' 'x&y' contains '&'" },
        { "[%ID%]", "name", "filter", "x=y", null, FormulaPart.Parameters, "The value of API parameter 'filter' 'x=y' contains '='" },
        { "[%ID%]", "name", "", "1", null, FormulaPart.Parameters, "has no name" },
        { "[%ID%]", "name", "filter", "[%A B%]", null, FormulaPart.Parameters, "the personalization tag '[%A B%]' is malformed" },
        { "", "name", null, null, null, FormulaPart.PrimaryKey, "The primary key is empty" },
        { "[%ID", "name", null, null, null, FormulaPart.PrimaryKey, "is not closed" },
        { "[%ID%]", " ", null, null, null, FormulaPart.ReturnField, "The return field is empty" },
        { "[%ID%]", "a..b", null, null, null, FormulaPart.ReturnField, "empty step" },
        { "[%ID%]", "name", null, null, "default ", FormulaPart.Fallback, "The fallback 'default ' ends with white space" },
        { "[%ID%]", "name", null, null, " ", FormulaPart.Fallback, "ends with white space" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Parts_that_would_break_the_formula_are_refused_never_escaped(
        string key, string field, string? name, string? value, string? fallback, FormulaPart part, string message)
    {
        var builder = new FormulaBuilder(Id, key, field) { Fallback = fallback };
        if (name is not null)
        {
            builder.WithParameter(name, value!);
        }

        var error = Assert.Throws<FormulaException>(() => builder.Build());

        Assert.Equal(part, error.Part);
        Assert.Contains(message, error.Message);
        Assert.Null(error.Formula);
    }

    [Fact]
    public void A_parameter_name_given_twice_is_refused()
    {
        var builder = new FormulaBuilder(Id, "[%ID%]", "name").WithParameter("a", "1").WithParameter("a", "2");

        var error = Assert.Throws<FormulaException>(() => builder.Build());

        Assert.Equal("The API parameters: the parameter name 'a' appears more than once.", error.Message);
        Assert.Equal("a=1&a=2", error.Value);
    }

    [Fact]
    public void The_refused_value_is_carried_for_the_caller_to_show()
    {
        var error = Assert.Throws<FormulaException>(() => FormulaBuilder.Create(Id, "a:b", "name"));

        Assert.Equal("a:b", error.Value);
        Assert.Equal(2, error.Segment);
    }
}
