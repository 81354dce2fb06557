using OptiX.DataConnections.Formulas;

namespace OptiX.DataConnections.Tests.Formulas;

public class FormulaParserTests
{
    private const string Uuid = "9ce27b8c-8b16-427a-8d00-f40b816bc092";
    private const string Dc = "DC_" + Uuid;

    /// <summary>Formula text; expected primary key, parameters (as written, canonical), return field, fallback.</summary>
    public static TheoryData<string, string, string, string, string?> Valid => new()
    {
        { Dc + ":[%CUSTOMER_ID%]::product_url:default_url", "[%CUSTOMER_ID%]", "", "product_url", "default_url" },
        { Dc + ":[%CUSTOMER_ID%]:filter=active_users:product_name:default_product", "[%CUSTOMER_ID%]", "filter=active_users", "product_name", "default_product" },
        { Dc + ":[%CUSTOMER_ID%]::product_url:", "[%CUSTOMER_ID%]", "", "product_url", null },
        { Dc + ":[%CUSTOMER_ID%]::product_url", "[%CUSTOMER_ID%]", "", "product_url", null },
        { Dc + ":42::name:Guest", "42", "", "name", "Guest" },
        { Dc + ":[%ID%]:a=1&b=2:name:x", "[%ID%]", "a=1&b=2", "name", "x" },
        { Dc + ":[%ID%]:b=2&a=1:name:x", "[%ID%]", "b=2&a=1", "name", "x" },
        { Dc + ":[%ID%]:filter=:name:x", "[%ID%]", "filter=", "name", "x" },
        { Dc + ":[%ID%]:region=[%REGION%]:name:x", "[%ID%]", "region=[%REGION%]", "name", "x" },
        { "DC_" + Uuid.ToUpperInvariant() + ":[%ID%]::name:x", "[%ID%]", "", "name", "x" },
        { "  " + Dc + ":[%ID%]::name:x \r\n", "[%ID%]", "", "name", "x" },
        { Dc + ":[%ID%]::address.city:Unknown", "[%ID%]", "", "address.city", "Unknown" },
        { Dc + ":[%ID%]::product url:default url", "[%ID%]", "", "product url", "default url" },
        { Dc + ":cust-[%ID%]-[%BRAND%]::name:x", "cust-[%ID%]-[%BRAND%]", "", "name", "x" },
        { Dc + ":[%ID%]::name:a=1&b", "[%ID%]", "", "name", "a=1&b" },
        { Dc + ":[%customer_id%]::name:x", "[%customer_id%]", "", "name", "x" },
        { Dc + ":[%ID%]:a=[%ID%]&b=[%B%]:items.0.name:none", "[%ID%]", "a=[%ID%]&b=[%B%]", "items.0.name", "none" },
        { Dc + ":a b::name: ", "a b", "", "name", null },
        { Dc + ":[%ID%]::name:  padded fallback", "[%ID%]", "", "name", "  padded fallback" },
    };

    /// <summary>Formula text; the part at fault; a piece of the message.</summary>
    public static TheoryData<string, FormulaPart, string> Invalid => new()
    {
        { "", FormulaPart.Formula, "The formula is empty" },
        { "   ", FormulaPart.Formula, "The formula is empty" },
        { Dc + ":[%ID%]:name", FormulaPart.Formula, "expected 5 segments separated by ':'" },
        { Dc, FormulaPart.Formula, "but found 1" },
        { Dc + ":[%ID%]::url:https://example.com/x", FormulaPart.Formula, "but found 6. A segment cannot contain ':'" },
        { "DC_abc:[%ID%]::name:x", FormulaPart.Connection, "Segment 1 (connection) 'DC_abc': 'abc' is not a valid Data Connection UUID" },
        { "dc_" + Uuid + ":[%ID%]::name:x", FormulaPart.Connection, "must start with 'DC_' in upper case" },
        { Uuid + ":[%ID%]::name:x", FormulaPart.Connection, "must start with 'DC_' followed by the Data Connection UUID" },
        { "DC_{" + Uuid + "}:[%ID%]::name:x", FormulaPart.Connection, "is not a valid Data Connection UUID" },
        { "DC_" + Uuid.Replace("-", "") + ":[%ID%]::name:x", FormulaPart.Connection, "is not a valid Data Connection UUID" },
        { "DC_ " + Uuid + ":[%ID%]::name:x", FormulaPart.Connection, "is not a valid Data Connection UUID" },
        { "DC_" + Uuid + " :[%ID%]::name:x", FormulaPart.Connection, "is not a valid Data Connection UUID" },
        { ":[%ID%]::name:x", FormulaPart.Connection, "Segment 1 (connection) is empty" },
        { Dc + ":::name:x", FormulaPart.PrimaryKey, "Segment 2 (primary key) is empty" },
        { Dc + ":   ::name:x", FormulaPart.PrimaryKey, "Segment 2 (primary key) is empty" },
        { Dc + ":[%CUSTOMER ID%]::name:x", FormulaPart.PrimaryKey, "the personalization tag '[%CUSTOMER ID%]' is malformed" },
        { Dc + ":[%CUSTOMER_ID::name:x", FormulaPart.PrimaryKey, "is not closed with '%]'" },
        { Dc + ":[%%]::name:x", FormulaPart.PrimaryKey, "is malformed" },
        { Dc + ":[%ID%]:filter:name:x", FormulaPart.Parameters, "Segment 3 (API parameters) 'filter': parameter 1 ('filter') has no '='" },
        { Dc + ":[%ID%]:a=1&&b=2:name:x", FormulaPart.Parameters, "parameter 2 is empty" },
        { Dc + ":[%ID%]:a=1&:name:x", FormulaPart.Parameters, "parameter 2 is empty" },
        { Dc + ":[%ID%]:&a=1:name:x", FormulaPart.Parameters, "parameter 1 is empty" },
        { Dc + ":[%ID%]:a=1&a=2:name:x", FormulaPart.Parameters, "the parameter name 'a' appears more than once" },
        { Dc + ":[%ID%]:=x:name:x", FormulaPart.Parameters, "has no name" },
        { Dc + ":[%ID%]:a=b=c:name:x", FormulaPart.Parameters, "has more than one '='" },
        { Dc + ":[%ID%]:region=[%RE GION%]:name:x", FormulaPart.Parameters, "the value of 'region': the personalization tag" },
        { Dc + ":[%ID%]:::x", FormulaPart.ReturnField, "Segment 4 (return field) is empty" },
        { Dc + ":[%ID%]:: :x", FormulaPart.ReturnField, "Segment 4 (return field) is empty" },
        { Dc + ":[%ID%]::a..b:x", FormulaPart.ReturnField, "has an empty step in its path" },
        { Dc + ":[%ID%]::.a:x", FormulaPart.ReturnField, "has an empty step in its path" },
        { Dc + ":[%ID%]::a.:x", FormulaPart.ReturnField, "has an empty step in its path" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_formulas_parse_into_their_parts(string text, string key, string parameters, string field, string? fallback)
    {
        var formula = FormulaParser.Parse(text);

        Assert.Equal(Guid.Parse(Uuid), formula.ConnectionId);
        Assert.Equal(key, formula.PrimaryKey);
        Assert.Equal(parameters, formula.Parameters.ToString());
        Assert.Equal(field, formula.ReturnField);
        Assert.Equal(fallback, formula.Fallback);
        Assert.True(FormulaParser.TryParse(text, out var again));
        Assert.Equal(formula, again);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parsed_text_is_canonical_and_parses_back_equal(string text, string key, string parameters, string field, string? fallback)
    {
        var formula = FormulaParser.Parse(text);

        var written = formula.ToString();
        Assert.Equal($"{Dc}:{key}:{parameters}:{field}:{fallback}", written);
        Assert.Equal(formula, FormulaParser.Parse(written));
        Assert.Equal(written, FormulaParser.Parse(written).ToString());
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_formulas_are_refused_with_a_message_that_points_at_the_segment(string text, FormulaPart part, string message)
    {
        var error = Assert.Throws<FormulaException>(() => FormulaParser.Parse(text));

        Assert.Equal(part, error.Part);
        Assert.Contains(message, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(text, error.Formula);
        Assert.IsAssignableFrom<ArgumentException>(error);
        if (part != FormulaPart.Formula)
        {
            Assert.StartsWith($"Segment {(int)part} (", error.Message);
            Assert.Equal((int)part, error.Segment);
        }

        Assert.False(FormulaParser.TryParse(text, out var formula, out var reported));
        Assert.Null(formula);
        Assert.Equal(error.Message, reported!.Message);
    }

    [Fact]
    public void The_tables_hold_at_least_thirty_formulas()
    {
        Assert.True(Valid.Count + Invalid.Count >= 30);
    }

    [Fact]
    public void Null_is_an_empty_formula()
    {
        Assert.False(FormulaParser.TryParse(null, out var formula));
        Assert.Null(formula);
    }

    [Fact]
    public void Parameters_keep_their_order_and_answer_by_name()
    {
        var formula = FormulaParser.Parse(Dc + ":[%ID%]:z=1&a=[%REGION%]&m=:name:x");

        Assert.Equal(["z", "a", "m"], formula.Parameters.Keys);
        Assert.Equal("[%REGION%]", formula.Parameters["a"]);
        Assert.Equal("", formula.Parameters["m"]);
        Assert.False(formula.Parameters.ContainsKey("A"));
        Assert.NotEqual(formula, FormulaParser.Parse(Dc + ":[%ID%]:a=[%REGION%]&z=1&m=:name:x"));
    }

    [Fact]
    public void Tags_are_listed_once_each_from_the_key_and_the_parameter_values()
    {
        var formula = FormulaParser.Parse(Dc + ":[%ID%]-[%Brand%]:a=[%id%]&b=[%REGION%]&c=plain:name:[%FALLBACK_TAG%]");

        Assert.True(formula.UsesTags);
        Assert.Equal(["ID", "Brand", "REGION"], formula.TagNames);
        Assert.False(FormulaParser.Parse(Dc + ":42:a=1:name:x").UsesTags);
    }

    [Fact]
    public void An_empty_fallback_and_no_fallback_are_the_same_formula()
    {
        var four = FormulaParser.Parse(Dc + ":[%ID%]::name");
        var five = FormulaParser.Parse(Dc + ":[%ID%]::name:");

        Assert.Equal(four, five);
        Assert.Equal(Dc + ":[%ID%]::name:", four.ToString());
        Assert.Null(four.Fallback);
    }

    [Fact]
    public void The_formula_type_parses_too_so_that_PowerShell_can_cast_text_to_it()
    {
        Assert.Equal(FormulaParser.Parse(Dc + ":1::a:b"), DataConnectionFormula.Parse(Dc + ":1::a:b"));
    }
}
