using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OptiX.DataConnections.Emulator.Endpoints;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Lookups;

namespace OptiX.DataConnections.Emulator.Http;

/// <summary>How the Opti-X routes shape the answers whose bodies the guides do not show.</summary>
public enum AnswerShape
{
    /// <summary>Our reading (shared/api/opti-x.md): bare lists, bare objects, ISO timestamps, 201/204, FastAPI errors.</summary>
    Documented,

    /// <summary>
    /// Another plausible service, to rehearse against: lists wrapped with a total, records under <c>data</c> (a query
    /// answers the bare record, and <c>{"data": null}</c> with 200 for a missing key; the Emarsys content under <c>data</c>), epoch timestamps, 200 with
    /// <c>{"status": "success"}</c> instead of 201/204, a PUT that answers only its status, and errors as
    /// <c>{"message", "code"}</c>. Answers the guides do show (create, update_data, delete_data) keep their documented body.
    /// </summary>
    Variant,
}

/// <summary>Writes each answer in the shape <see cref="AnswerShape"/> chooses; the documented body is the one source of both.</summary>
internal sealed class AnswerShaper(AnswerShape shapes)
{
    public AnswerShape Shapes => shapes;

    private bool IsVariant => shapes == AnswerShape.Variant;

    public IResult Connections(IReadOnlyList<ConnectionBody> connections)
    {
        if (!IsVariant)
        {
            return ApiResults.Json(connections);
        }

        var items = new JsonArray(connections.Select(c => (JsonNode?)EpochSeconds(Node(c))).ToArray());
        return Json(new JsonObject { ["connections"] = items, ["total"] = connections.Count });
    }

    public IResult Connection(ConnectionBody connection) =>
        IsVariant ? Json(new JsonObject { ["data"] = EpochSeconds(Node(connection)) }) : ApiResults.Json(connection);

    public IResult UpdatedConnection(ConnectionBody connection) => IsVariant ? Success() : ApiResults.Json(connection);

    public IResult CreatedConnection(Guid uuid) =>
        ApiResults.Json(new CreatedConnectionBody(uuid), IsVariant ? StatusCodes.Status200OK : StatusCodes.Status201Created);

    /// <summary>A DELETE's answer: 204, or 200 with a status.</summary>
    public IResult Deleted() => IsVariant ? Success() : Results.NoContent();

    public IResult Uploaded(UploadDataBody body) => IsVariant
        ? Json(new JsonObject
        {
            ["status"] = "success",
            ["data"] = new JsonObject
            {
                ["batch_uuid"] = body.BatchUuid.ToString("D"),
                ["records_uploaded"] = body.UploadedRecords.ToString(CultureInfo.InvariantCulture),
                ["batch_completed"] = body.BatchCompleted,
            },
        })
        : ApiResults.Json(body);

    /// <summary>A query's answer: the record (wrapped or bare), or why there is none.</summary>
    public IResult Record(LookupResult result)
    {
        if (result.Json is { } json)
        {
            return IsVariant ? Results.Text(json, "application/json") : ApiResults.Json(new QueryBody(new RawJson(json)));
        }

        return IsVariant && result.Status == StatusCodes.Status404NotFound
            ? Json(new JsonObject { ["data"] = null })
            : throw new ApiProblem(result.Status, new DetailBody(result.Error!));
    }

    /// <summary>A batch query's answer: under results, or a bare array in which a missing record has neither data nor error.</summary>
    public IResult BatchResults(IReadOnlyList<BatchQueryResultBody> results)
    {
        if (!IsVariant)
        {
            return ApiResults.Json(new BatchQueryBody(results));
        }

        var items = results.Select(r =>
        {
            var node = Node(r)!.AsObject();
            if (r.Error == LookupResult.NotFoundMessage)
            {
                node.Remove("error");
            }

            return (JsonNode?)node;
        });
        return Json(new JsonArray(items.ToArray()));
    }

    public IResult Schema(SchemaBody schema)
    {
        if (!IsVariant)
        {
            return ApiResults.Json(schema);
        }

        var fields = new JsonObject();
        foreach (var field in schema.Fields)
        {
            fields[field.Name] = field.Types.Count == 1 ? field.Types[0] : new JsonArray(field.Types.Select(t => (JsonNode?)t).ToArray());
        }

        return Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["primary_key"] = schema.PrimaryKey,
                ["fields"] = fields,
                ["record_count"] = schema.RecordCount.ToString(CultureInfo.InvariantCulture),
            },
        });
    }

    public IResult References(IReadOnlyList<ReferenceBody> references)
    {
        if (!IsVariant)
        {
            return ApiResults.Json(references);
        }

        var items = references.Select(r => (JsonNode?)EpochMilliseconds(Node(r))).ToArray();
        return Json(new JsonObject { ["items"] = new JsonArray(items), ["total"] = references.Count });
    }

    public IResult CreatedReference(Guid uuid) => IsVariant
        ? Json(new JsonObject { ["data"] = new JsonObject { ["reference_uuid"] = uuid.ToString("D") } })
        : ApiResults.Json(new CreatedReferenceBody(uuid), StatusCodes.Status201Created);

    public IResult EmarsysContent(EmarsysContentBody body) =>
        IsVariant ? Json(new JsonObject { ["data"] = Node(body) }) : ApiResults.Json(body);

    /// <summary>An error body for an Opti-X route: FastAPI's, or <c>{"message", "code"}</c> (with the missing keys kept).</summary>
    public object ErrorBody(HttpContext context, int statusCode, object body)
    {
        if (!IsVariant || !context.Request.Path.StartsWithSegments(ApiRoutes.BasePath, StringComparison.Ordinal))
        {
            return body;
        }

        var message = body switch
        {
            DetailBody detail => detail.Detail,
            MissingPrimaryKeysBody missing => missing.Detail,
            ValidationErrorBody validation => string.Join("; ", validation.Detail.Select(e => $"{string.Join(".", e.Loc)}: {e.Msg}")),
            _ => "Request failed",
        };
        var error = new JsonObject { ["message"] = message, ["code"] = statusCode };
        if (body is MissingPrimaryKeysBody keys)
        {
            error["missing_primary_keys"] = new JsonArray(keys.MissingPrimaryKeys.Select(k => (JsonNode?)k).ToArray());
        }

        return error;
    }

    private static IResult Success() => Json(new JsonObject { ["status"] = "success" });

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(EmulatorJson.Options), "application/json");

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, EmulatorJson.Options);

    private static JsonNode? EpochSeconds(JsonNode? node) => Epoch(node, milliseconds: false);

    private static JsonNode? EpochMilliseconds(JsonNode? node) => Epoch(node, milliseconds: true);

    private static JsonNode? Epoch(JsonNode? node, bool milliseconds)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in new[] { "created_at", "updated_at" })
            {
                if (obj[name]?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    obj[name] = milliseconds ? time.ToUnixTimeMilliseconds() : time.ToUnixTimeSeconds();
                }
            }
        }

        return node;
    }
}
