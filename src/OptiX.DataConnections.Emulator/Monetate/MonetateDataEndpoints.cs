using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// <c>/data/{schema}/</c>: post rows; spot-check one record by identifier (rate-limited). Both refuse a schema
/// without an Identifier Name (seed 004).
/// </summary>
internal static class MonetateDataEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/data/{schema}/", PostAsync);
        api.MapGet("/data/{schema}/", SpotCheckAsync);
    }

    private static async Task<IResult> PostAsync(string schema, HttpRequest request, MonetateDatasets datasets, CancellationToken ct)
    {
        var body = await MonetateBody.ReadObjectAsync(request, ct);
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("schema_rows" or "_sent_time"))
            {
                throw MonetateProblem.BadRequest($"{property.Name}: unknown property; send 'schema_rows' and '_sent_time'.");
            }
        }
        // _sent_time is optional (the spec's request adds it to the rows as a property, not a requirement).
        if (body.TryGetProperty("_sent_time", out var sent) && sent.ValueKind != JsonValueKind.Null
            && (sent.ValueKind != JsonValueKind.String || !MonetateRowValidator.IsIsoDateTime(sent.GetString()!)))
        {
            throw MonetateProblem.BadRequest("_sent_time: when given, an ISO-8601 date-time string.");
        }
        if (!body.TryGetProperty("schema_rows", out var rows))
        {
            throw MonetateProblem.BadRequest("schema_rows: this field is required.");
        }
        await datasets.PostRowsAsync(schema, rows, ct);
        // The answer echoes the rows it stored (all of them: a post with any invalid row stores none), in the spec's
        // example_schemaDataResponse: {"data": {"schema_rows": [...]}}.
        var echo = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["schema_rows"] = rows };
        return MonetateEnvelope.Ok(echo, StatusCodes.Status201Created);
    }

    private static async Task<IResult> SpotCheckAsync(
        string schema, HttpContext context, MonetateDatasets datasets, MonetateSpotCheckLimiter limiter, CancellationToken ct)
    {
        if (!limiter.TryAdmit(MonetateTokenFilter.UserOf(context)))
        {
            context.Response.Headers.RetryAfter = "1";
            throw new MonetateProblem(StatusCodes.Status429TooManyRequests, "Request was throttled: at most one request per second.");
        }
        var id = context.Request.Query["id"];
        if (id.Count != 1 || string.IsNullOrEmpty(id[0]))
        {
            throw MonetateProblem.BadRequest("id: one record id is required (?id=...).");
        }
        var row = await datasets.FindRowAsync(schema, id[0]!, ct)
            ?? throw MonetateProblem.NotFound($"No record with id '{id[0]}' in schema '{schema}'.");
        // The spec answers a spot check like a post: the rows under data.schema_rows.
        return MonetateEnvelope.Ok(new Dictionary<string, object>(StringComparer.Ordinal) { ["schema_rows"] = new[] { row } });
    }
}
