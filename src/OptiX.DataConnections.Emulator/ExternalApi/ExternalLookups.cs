using System.Text.Json;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Json;
using OptiX.DataConnections.Emulator.Lookups;
using OptiX.DataConnections.Emulator.Requests;

namespace OptiX.DataConnections.Emulator.ExternalApi;

/// <summary>
/// Lookups on API-based connections. A lookup fills the placeholders from the query's <c>placeholder_values</c> plus
/// <c>{primary_key}</c> (the key looked up), calls the external API (or takes its cached answer), and reads the record
/// from the answer: a JSON object is the record; from a JSON array it is the first object whose primary-key field equals
/// the key (compared as strings), and none is "Record not found" (404). A failed call is 502, a timed-out one 504.
/// </summary>
internal sealed class ExternalLookups(ExternalApiClient client, ExternalAnswerCache cache)
{
    /// <summary>How many calls one batch query has on their way at once (for a connection that is not a batch endpoint).</summary>
    public const int BatchParallelism = 8;

    /// <summary>
    /// The call made when a connection is created or its details change: the sample values fill the placeholders,
    /// one attempt (no retries), no cache. A failure rejects the request (400).
    /// </summary>
    public async Task TestCallAsync(ExternalApiDetails details, CancellationToken cancellationToken)
    {
        var built = ExternalRequest.Build(details, details.SamplePlaceholderValues);
        if (built.MissingPlaceholders.Count > 0)
        {
            throw ApiProblem.BadRequest(
                $"Missing sample_placeholder_values for placeholder(s): {string.Join(", ", built.MissingPlaceholders)}");
        }
        if (built.Problem is { } problem)
        {
            throw ApiProblem.BadRequest($"Invalid external_api_details: {problem}");
        }
        var answer = await client.SendAsync(built.Request!, details.Timeout, 0, cancellationToken);
        if (answer.Failure is { } failure)
        {
            var what = failure.TimedOut ? "timed out" : "failed";
            throw ApiProblem.BadRequest(
                $"The test call to the external API {what} ({details.HttpMethod} {built.Request!.Url}): {failure.Reason}");
        }
    }

    public async Task<LookupResult> QueryAsync(
        Guid connection, string primaryKeyField, ExternalApiDetails details, QueryItem item, CancellationToken cancellationToken)
    {
        var built = ExternalRequest.Build(details, ValuesFor(item));
        if (Rejected(built) is { } rejected)
        {
            return rejected;
        }
        var answer = await FetchAsync(connection, details, built.Request!, cancellationToken);
        return answer.Failure is { } failure ? Failed(failure) : Select(answer.Json!, primaryKeyField, item.Key);
    }

    /// <summary>
    /// The lookups of a batch query, in request order. A connection that is not a batch endpoint makes one lookup per
    /// item (cache included). A batch endpoint gets ONE call for the whole batch: each placeholder, <c>{primary_key}</c>
    /// included, is filled with the distinct values of the items, comma-joined in request order; the answer must be a
    /// JSON array, from which each item takes the record with its key. Items that lack a placeholder value fail alone.
    /// </summary>
    public async Task<IReadOnlyList<LookupResult>> BatchAsync(
        Guid connection, string primaryKeyField, ExternalApiDetails details, IReadOnlyList<QueryItem> items,
        CancellationToken cancellationToken)
    {
        var results = new LookupResult[items.Count];
        if (!details.IsBatchEndpoint)
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken },
                async (index, token) => results[index] = await QueryAsync(connection, primaryKeyField, details, items[index], token));
            return results;
        }

        var included = new List<int>();
        for (var index = 0; index < items.Count; index++)
        {
            if (Rejected(ExternalRequest.Build(details, ValuesFor(items[index]))) is { } rejected)
            {
                results[index] = rejected;
            }
            else
            {
                included.Add(index);
            }
        }
        if (included.Count == 0)
        {
            return results;
        }

        var built = ExternalRequest.Build(details, JoinedValues(details, included.Select(index => items[index])));
        var answer = built.Request is null
            ? new ExternalAnswer(null, new ExternalFailure(false, built.Problem ?? "the request could not be built", 0))
            : await FetchAsync(connection, details, built.Request, cancellationToken);
        foreach (var index in included)
        {
            results[index] = answer.Failure is { } failure
                ? Failed(failure)
                : SelectFromBatch(answer.Json!, primaryKeyField, items[index].Key);
        }
        return results;
    }

    private Task<ExternalAnswer> FetchAsync(
        Guid connection, ExternalApiDetails details, ExternalRequest request, CancellationToken cancellationToken) =>
        cache.GetOrFetchAsync(
            connection, request, details.TtlSeconds,
            token => client.SendAsync(request, details.Timeout, details.Retries, token),
            cancellationToken);

    /// <summary>The caller's placeholder values, with <c>{primary_key}</c> always the key looked up.</summary>
    private static Dictionary<string, string> ValuesFor(QueryItem item) =>
        new(item.PlaceholderValues, StringComparer.Ordinal) { [Placeholders.PrimaryKey] = item.Key };

    private static Dictionary<string, string> JoinedValues(ExternalApiDetails details, IEnumerable<QueryItem> items)
    {
        var itemValues = items.Select(ValuesFor).ToList();
        return details.PlaceholderNames().ToDictionary(
            name => name,
            name => string.Join(",", itemValues.Select(values => values[name]).Distinct(StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    private static LookupResult? Rejected(BuiltRequest built)
    {
        if (built.MissingPlaceholders.Count > 0)
        {
            return LookupResult.Failed(
                StatusCodes.Status400BadRequest, $"Missing placeholder value(s): {string.Join(", ", built.MissingPlaceholders)}");
        }
        return built.Problem is { } problem
            ? LookupResult.Failed(StatusCodes.Status400BadRequest, $"Invalid external_api_details: {problem}")
            : null;
    }

    private static LookupResult Failed(ExternalFailure failure) =>
        LookupResult.Failed(
            failure.TimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway, failure.Describe());

    private static LookupResult Select(string json, string primaryKeyField, string key)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Object => LookupResult.Found(json),
            JsonValueKind.Array => FindByKey(root, primaryKeyField, key),
            _ => NotARecord(root.ValueKind, "an object or an array of objects"),
        };
    }

    private static LookupResult SelectFromBatch(string json, string primaryKeyField, string key)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Array
            ? FindByKey(root, primaryKeyField, key)
            : NotARecord(root.ValueKind, "an array of objects (it is a batch endpoint)");
    }

    private static LookupResult FindByKey(JsonElement array, string primaryKeyField, string key)
    {
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty(primaryKeyField, out var value)
                && PrimaryKey.ToStringForm(value) == key)
            {
                return LookupResult.Found(element.GetRawText());
            }
        }
        return LookupResult.NotFound();
    }

    private static LookupResult NotARecord(JsonValueKind kind, string expected) =>
        LookupResult.Failed(
            StatusCodes.Status502BadGateway,
            $"External API failed: its answer is a JSON {kind.ToString().ToLowerInvariant()}, not {expected}");
}
