using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

public class PrimaryKeysTests
{
    [Theory]
    [InlineData("abc", "abc")]
    [InlineData(54490, "54490")]
    [InlineData(54490L, "54490")]
    [InlineData(true, "true")]
    [InlineData(1.5, "1.5")]
    public void Scalars_take_their_string_form(object value, string expected)
    {
        Assert.True(PrimaryKeys.TryNormalize(value, out var key, out _));
        Assert.Equal(expected, key);
    }

    [Theory]
    [InlineData(null, "has no value")]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    public void Missing_or_empty_values_are_refused(object? value, string problem)
    {
        Assert.False(PrimaryKeys.TryNormalize(value, out _, out var reason));
        Assert.Equal(problem, reason);
    }

    [Fact]
    public void A_nested_value_cannot_be_a_key()
    {
        Assert.False(PrimaryKeys.TryNormalize(new List<object> { 1 }, out _, out var reason));
        Assert.StartsWith("must be a single value", reason);
    }

    [Fact]
    public void The_field_is_found_by_exact_name_and_a_case_only_match_is_named()
    {
        var fields = new List<KeyValuePair<string, object?>> { new("User_Id", "7"), new("name", "x") };
        Assert.False(PrimaryKeys.TryFind(fields, "user_id", out _, out var problem));
        Assert.Contains("found 'User_Id'", problem);

        fields.Add(new("user_id", 7));
        Assert.True(PrimaryKeys.TryFind(fields, "user_id", out var key, out _));
        Assert.Equal("7", key);
    }
}
