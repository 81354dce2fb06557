namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary><c>/schema/</c>: create, list, get, patch (add fields or set the named identifier), delete.</summary>
internal static class MonetateSchemaEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/schema/", CreateAsync);
        api.MapGet("/schema/", async (MonetateDatasets datasets, CancellationToken ct) =>
            MonetateEnvelope.Ok(await datasets.ListAsync(ct)));
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
        var updated = (hasFields, hasNamed) switch
        {
            (true, true) => throw MonetateProblem.BadRequest(
                "A schema update adds 'fields' or sets 'named_identifier', not both in one request."),
            (false, false) => throw MonetateProblem.BadRequest("A schema update needs 'fields' or 'named_identifier'."),
            (true, false) => await datasets.AddFieldsAsync(name, MonetateSchemaRules.ParseFields(fields), ct),
            _ => await datasets.SetNamedIdentifierAsync(name, MonetateSchemaRules.NamedIdentifier(named), ct),
        };
        return MonetateEnvelope.Ok(updated);
    }
}
