using System.Net;
using System.Text.Json.Nodes;

namespace OptiX.DataConnections.Emulator.Tests.Infrastructure;

public sealed record ApiResponse(HttpStatusCode Status, string Body)
{
    /// <summary>Response and content headers, by lower-case name (values comma-joined).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The body is JSON null.");

    /// <summary>The <c>detail</c> message of an error answer.</summary>
    public string Detail => Json["detail"]!.GetValue<string>();

    /// <summary>Asserts the status (showing the body when it differs) and returns the response.</summary>
    public ApiResponse Expect(HttpStatusCode status)
    {
        if (Status != status)
        {
            Assert.Fail($"Expected {(int)status} {status}, got {(int)Status} {Status}: {Body}");
        }
        return this;
    }

    /// <summary>Asserts a FastAPI validation error (422) whose first problem is at <paramref name="loc"/>.</summary>
    public ApiResponse ExpectValidationErrorAt(params object[] loc)
    {
        Expect(HttpStatusCode.UnprocessableEntity);
        var locations = Json["detail"]!.AsArray().Select(error => error!["loc"]!.ToJsonString()).ToList();
        Assert.Contains(new JsonArray([.. loc.Select(part => JsonValue.Create(part))]).ToJsonString(), locations);
        return this;
    }
}
