using System.Net;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.Tests.OptiX;

public class OptiXErrorTranslatorTests
{
    private readonly OptiXErrorTranslator _translator = new();

    [Fact]
    public void A_string_detail_becomes_the_service_message()
    {
        var error = _translator.Translate(HttpStatusCode.BadRequest, JObject.Parse("""{"detail":"too many records"}"""), "", "POST /x", 1);
        Assert.Equal(ServiceErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("too many records", error.ServiceMessage);
        Assert.Contains("POST /x failed with 400: too many records", error.Message);
    }

    [Fact]
    public void A_validation_list_is_joined_with_its_locations()
    {
        var body = JObject.Parse("""{"detail":[{"loc":["body","data",0],"msg":"field required","type":"value_error.missing"}]}""");
        var error = _translator.Translate((HttpStatusCode)422, body, "", "POST /connections/x/upload_data", 1);
        Assert.Equal(ServiceErrorKind.Validation, error.Kind);
        Assert.Equal("body.data.0: field required", error.ServiceMessage);
    }

    [Theory]
    [InlineData("""{"detail":[{"loc":["header","x-api-key"],"msg":"field required","type":"value_error.missing"}]}""")]
    [InlineData("""{"detail":"Invalid x-brand-key"}""")]
    [InlineData("""{"message":"x-api-key is expired","code":422}""")]
    public void A_422_about_the_key_headers_is_an_authentication_error_as_guide_002_says(string body)
    {
        var error = _translator.Translate((HttpStatusCode)422, JObject.Parse(body), body, "GET /connections", 1);

        Assert.Equal(ServiceErrorKind.Unauthorized, error.Kind);
        Assert.Contains("refused (422)", error.Message);
    }

    [Theory]
    [InlineData("""{"message":"name is required","code":400}""", "name is required")]
    [InlineData("""{"error":"name is required"}""", "name is required")]
    [InlineData("""{"error":{"code":"bad_request","message":"name is required"}}""", "name is required")]
    [InlineData("""{"errors":["name is required","primary_key is required"]}""", "name is required; primary_key is required")]
    [InlineData("""{"errors":[{"field":"name","message":"is required"}]}""", "is required")]
    [InlineData("""{"errors":{"name":["is required"]}}""", "name: is required")]
    [InlineData("""{"title":"Bad Request","status":400}""", "Bad Request")]
    [InlineData("""{"detail":{"message":"name is required"}}""", "name is required")]
    public void The_usual_error_shapes_give_their_message(string body, string expected)
    {
        var error = _translator.Translate(HttpStatusCode.BadRequest, JObject.Parse(body), body, "POST /connections", 1);

        Assert.Equal(ServiceErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(expected, error.ServiceMessage);
        Assert.DoesNotContain("{", error.Message);
    }

    [Fact]
    public void A_body_of_no_known_shape_is_shown_as_a_short_excerpt()
    {
        var raw = "<html>" + new string('x', 1000) + "</html>";
        var error = _translator.Translate(HttpStatusCode.BadGateway, null, raw, "GET /connections", 3);

        Assert.Equal(ServiceErrorKind.ServerError, error.Kind);
        Assert.True(error.ServiceMessage!.Length < 320);
    }

    [Fact]
    public void Missing_primary_keys_are_listed()
    {
        var body = JObject.Parse("""{"detail":"ensure the primary_key exists","missing_primary_keys":["a","7"]}""");
        var error = Assert.IsType<MissingPrimaryKeysException>(_translator.Translate(HttpStatusCode.BadRequest, body, "", "POST /d", 1));
        Assert.Equal(["a", "7"], error.MissingKeys);
    }

    [Theory]
    [InlineData(401, ServiceErrorKind.Unauthorized, "check the keys")]
    [InlineData(429, ServiceErrorKind.Throttled, "throttled")]
    [InlineData(404, ServiceErrorKind.NotFound, "404")]
    [InlineData(503, ServiceErrorKind.ServerError, "after 3 attempt(s)")]
    public void Status_codes_map_to_kinds_with_actionable_messages(int status, ServiceErrorKind kind, string text)
    {
        var error = _translator.Translate((HttpStatusCode)status, null, "<html>oops</html>", "GET /connections", 3);
        Assert.Equal(kind, error.Kind);
        Assert.Contains(text, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
