using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.Formulas;

/// <summary>
/// Evaluates formulas the way a campaign would: replaces the tags in the key and the parameter values, queries the
/// connection, and returns the field, or the fallback when the record is missing, the field is missing or null, or
/// the lookup fails on the far side (5xx, 502/504, timeout, transport failure).
/// </summary>
/// <remarks>
/// Not swallowed, because they mean the formula or the setup is wrong rather than the data: authentication and
/// permission errors (401/403), an unknown connection (a 404 for which <c>GET /connections/{uuid}</c> is also 404),
/// throttling that outlasted the retries, and requests the service refuses (400/422, e.g. a missing placeholder).
/// They propagate as <see cref="ServiceException"/>.
/// </remarks>
public sealed class FormulaResolver
{
    private readonly OptiXClient _client;
    private readonly ConcurrentDictionary<Guid, bool> _knownConnections = new();

    public FormulaResolver(OptiXClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <param name="formula">The formula to evaluate.</param>
    /// <param name="tags">Tag values by name (<c>CUSTOMER_ID</c> or <c>[%CUSTOMER_ID%]</c>, any case); see <see cref="FormulaTags.Substitute"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<FormulaResolution> ResolveAsync(DataConnectionFormula formula, IDictionary? tags, CancellationToken cancellationToken)
    {
        if (formula is null)
        {
            throw new ArgumentNullException(nameof(formula));
        }

        var missing = new List<string>();
        var key = Substitute(formula.PrimaryKey, tags, missing);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var ordered = new List<KeyValuePair<string, string>>();
        foreach (var parameter in formula.Parameters)
        {
            var value = Substitute(parameter.Value, tags, missing);
            parameters[parameter.Key] = value;
            ordered.Add(new KeyValuePair<string, string>(parameter.Key, value));
        }

        var sent = new FormulaParameters(ordered);
        if (missing.Count > 0)
        {
            return new FormulaResolution(formula, ResolutionReason.MissingTag, null, false, null, sent, missing, null);
        }

        JObject record;
        try
        {
            record = await _client.QueryAsync(formula.ConnectionId, key, parameters.Count > 0 ? parameters : null, null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
        {
            await EnsureConnectionExistsAsync(formula.ConnectionId, ex, cancellationToken).ConfigureAwait(false);
            return Fallback(ResolutionReason.RecordNotFound, null);
        }
        catch (ServiceException ex) when (IsFarSideFailure(ex))
        {
            return Fallback(ResolutionReason.ExternalApiFailed, ex.Message);
        }

        var text = FieldPath.ToText(FieldPath.Find(record, formula.ReturnField));
        return text is null
            ? Fallback(ResolutionReason.FieldMissing, null)
            : new FormulaResolution(formula, ResolutionReason.Found, text, false, key, sent, [], null);

        FormulaResolution Fallback(ResolutionReason reason, string? error) =>
            new(formula, reason, formula.Fallback, formula.Fallback is not null, key, sent, [], error);
    }

    /// <summary>A failure a campaign would cover with the fallback: the service or the API behind it did not answer properly.</summary>
    internal static bool IsFarSideFailure(ServiceException exception) =>
        exception.Kind is ServiceErrorKind.ServerError or ServiceErrorKind.Timeout or ServiceErrorKind.Transport or ServiceErrorKind.NotRunning
        || exception.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    private static string Substitute(string text, IDictionary? tags, List<string> missing)
    {
        var substitution = FormulaTags.Substitute(text, tags);
        foreach (var name in substitution.MissingTags)
        {
            if (!missing.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                missing.Add(name);
            }
        }

        return substitution.Text;
    }

    /// <summary>
    /// The query's 404 says only "not found"; the connection's own 404 tells an unknown connection (an error in the
    /// formula) from a missing record. Any other failure of that check leaves the record-not-found reading.
    /// </summary>
    private async Task EnsureConnectionExistsAsync(Guid connectionId, ServiceException queryError, CancellationToken cancellationToken)
    {
        if (_knownConnections.ContainsKey(connectionId))
        {
            return;
        }

        try
        {
            await _client.GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
            _knownConnections[connectionId] = true;
        }
        catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
        {
            throw new ServiceException(
                ServiceErrorKind.NotFound,
                $"Data Connection '{connectionId}' was not found, so the formula cannot be resolved.",
                ex.Route,
                ex.StatusCode,
                ex.ServiceMessage,
                ex.Body,
                ex.Attempts,
                queryError);
        }
        catch (ServiceException)
        {
            // The check is only a refinement; the query's answer stands.
        }
    }
}
