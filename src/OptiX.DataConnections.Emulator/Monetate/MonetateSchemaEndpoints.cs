namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// <c>/schema/</c>: create, list (paged: <c>?page=N</c>, <c>?page_size=N</c>, links in <c>meta.next</c> and
/// <c>meta.previous</c>), get, patch (add fields or set the named identifier), and delete, which is the emulator's own
/// route: Monetate's published API has no DELETE.
/// </summary>
internal static class MonetateSchemaEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/schema/", CreateAsync);
        api.MapGet("/schema/", ListAsync);
        api.MapGet("/schema/{name}/", async (string name, MonetateDatasets datasets, CancellationToken ct) =>
            MonetateEnvelope.Ok(await datasets.GetAsync(name, ct)));
        api.MapPatch("/schema/{name}/", PatchAsync);
        api.MapDelete("/schema/{name}/", async (string name, MonetateDatasets datasets, CancellationToken ct) =>
        {
            await datasets.DeleteAsync(name, ct);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, MonetateDatasets datasets, CancellationToken ct)
    {
        var body = await MonetateBody.ReadObjectAsync(request, ct);
        var schema = MonetateSchemaRules.ParseCreate(body);
        return MonetateEnvelope.Ok(await datasets.CreateAsync(schema, ct), StatusCodes.Status201Created);
    }

    private static async Task<IResult> PatchAsync(string name, HttpRequest request, MonetateDatasets datasets, CancellationToken ct)
    {
        var body = await MonetateBody.ReadObjectAsync(request, ct);
        var hasFields = body.TryGetProperty("fields", out var fields);
        var hasNamed = body.TryGetProperty("named_identifier", out var named);
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("fields" or "named_identifier"))
            {
                throw MonetateProblem.BadRequest($"{property.Name}: a schema update sets only 'fields' or 'named_identifier'.");
            }
        }
        // The answer holds only what changed: the added fields, or the Identifier Name.
        object changed = (hasFields, hasNamed) switch
        {
            (true, true) => throw MonetateProblem.BadRequest(
                "A schema update adds 'fields' or sets 'named_identifier', not both in one request."),
            (false, false) => throw MonetateProblem.BadRequest("A schema update needs 'fields' or 'named_identifier'."),
            (true, false) => new { Fields = await datasets.AddFieldsAsync(name, MonetateSchemaRules.ParseFields(fields), ct) },
            _ => new { NamedIdentifier = await datasets.SetNamedIdentifierAsync(name, MonetateSchemaRules.NamedIdentifier(named), ct) },
        };
        return MonetateEnvelope.Ok(changed);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, MonetateDatasets datasets, CancellationToken ct)
    {
        var page = PositiveQuery(request, "page", 1, int.MaxValue / MaxPageSize);
        var pageSize = PositiveQuery(request, "page_size", DefaultPageSize, MaxPageSize);
        var (schemas, more) = await datasets.ListAsync(page, pageSize, ct);
        return MonetateEnvelope.Page(
            schemas,
            more ? PageLink(request, page + 1, pageSize) : null,
            page > 1 ? PageLink(request, page - 1, pageSize) : null);
    }

    private static int PositiveQuery(HttpRequest request, string name, int fallback, int max)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }
        return values.Count == 1 && int.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= 1 && value <= max
            ? value
            : throw MonetateProblem.BadRequest($"{name}: a whole number from 1 to {max}.");
    }

    /// <summary>An absolute link to another page of the list, as the spec's <c>ResponsePagination</c> gives it.</summary>
    private static string PageLink(HttpRequest request, int page, int pageSize)
    {
        var query = pageSize == DefaultPageSize && !request.Query.ContainsKey("page_size")
            ? $"?page={page}"
            : $"?page={page}&page_size={pageSize}";
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{query}";
    }
}
