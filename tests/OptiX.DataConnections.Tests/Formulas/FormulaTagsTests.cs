using System.Collections;
using OptiX.DataConnections.Formulas;

namespace OptiX.DataConnections.Tests.Formulas;

public class FormulaTagsTests
{
    [Fact]
    public void Tags_are_replaced_whatever_the_case_of_their_names()
    {
        var result = FormulaTags.Substitute("[%Customer_Id%]-[%customer_id%]", new Hashtable { ["CUSTOMER_ID"] = "42" });

        Assert.Equal("42-42", result.Text);
        Assert.True(result.IsComplete);
        Assert.Empty(result.MissingTags);
    }

    [Fact]
    public void A_key_may_be_written_with_the_brackets()
    {
        var tags = new Dictionary<string, object?> { ["[%REGION%]"] = "north", ["brand"] = "b1" };

        Assert.Equal("north/b1", FormulaTags.Substitute("[%REGION%]/[%BRAND%]", tags).Text);
    }

    [Fact]
    public void Tags_without_a_value_are_reported_once_and_left_as_written()
    {
        var tags = new Hashtable { ["A"] = "1", ["NULL"] = null, ["EMPTY"] = "", ["BLANK"] = "  ", ["DBNULL"] = DBNull.Value };

        var result = FormulaTags.Substitute("[%A%] [%B%] [%NULL%] [%EMPTY%] [%BLANK%] [%DBNULL%] [%b%]", tags);

        Assert.False(result.IsComplete);
        Assert.Equal(["B", "NULL", "EMPTY", "BLANK", "DBNULL"], result.MissingTags);
        Assert.Equal("1 [%B%] [%NULL%] [%EMPTY%] [%BLANK%] [%DBNULL%] [%b%]", result.Text);
    }

    [Theory]
    [InlineData(42, "42")]
    [InlineData(42L, "42")]
    [InlineData(true, "true")]
    [InlineData(1.5, "1.5")]
    [InlineData("007", "007")]
    public void Values_are_written_as_primary_keys_are(object value, string expected)
    {
        Assert.Equal($"id={expected}", FormulaTags.Substitute("id=[%ID%]", new Hashtable { ["ID"] = value }).Text);
    }

    [Fact]
    public void Text_without_tags_and_malformed_tags_are_left_alone()
    {
        var tags = new Hashtable { ["ID"] = "1" };

        Assert.Equal("plain text", FormulaTags.Substitute("plain text", tags).Text);
        Assert.Equal("[%I D%] [%ID", FormulaTags.Substitute("[%I D%] [%ID", tags).Text);
        Assert.True(FormulaTags.Substitute("[%I D%]", null).IsComplete);
    }

    [Fact]
    public void Names_are_found_once_each_in_order()
    {
        Assert.Equal(["A", "b_2"], FormulaTags.FindNames("[%A%][%b_2%][%a%] [%no good%]"));
        Assert.Empty(FormulaTags.FindNames(null));
    }

    [Theory]
    [InlineData("CUSTOMER_ID", true)]
    [InlineData("x1", true)]
    [InlineData("", false)]
    [InlineData("A B", false)]
    [InlineData("Ä", false)]
    [InlineData("%", false)]
    public void Tag_names_are_letters_digits_and_underscores(string name, bool valid)
    {
        Assert.Equal(valid, FormulaTags.IsValidName(name));
    }
}
