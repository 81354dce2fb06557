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
        var body = JObject.Parse("""{"detail":[{"loc":["header","x-api-key"],"msg":"field required","type":"value_error.missing"}]}""");
        var error = _translator.Translate((HttpStatusCode)422, body, "", "GET /connections", 1);
        Assert.Equal(ServiceErrorKind.Validation, error.Kind);
        Assert.Equal("header.x-api-key: field required", error.ServiceMessage);
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
