using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>A Monetate cmdlet: the optional -Session, else the one Connect-MonetateService made, else one from the environment.</summary>
public abstract class MonetateCmdlet : ServiceCmdlet
{
    private MonetateSession? _resolved;

    /// <summary>The session to use instead of the one from Connect-MonetateService.</summary>
    [Parameter]
    public MonetateSession? Session { get; set; }

    protected MonetateSession ResolveSession()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var session = Session ?? MonetateSessionStore.Current;
        if (session is null)
        {
            try
            {
                session = MonetateSessionStore.FromEnvironment(GetUnresolvedProviderPathFromPSPath);
            }
            catch (Exception ex) when (ex is MonetateKeyException or ArgumentException or UriFormatException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectionSettings", ErrorCategory.InvalidArgument, null));
            }

            if (session is null)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    "Not connected to Monetate: run Connect-MonetateService, or set MONETATE_API_USER, MONETATE_PRIVATE_KEY_PATH (or MONETATE_PRIVATE_KEY) and MONETATE_RETAILER (and MONETATE_BASE_URI for another endpoint).",
                    "NotConnected",
                    ErrorCategory.ConnectionError,
                    null));
            }

            MonetateSessionStore.Set(session);
        }

        session!.Client.Retrying += OnRetrying;
        return _resolved = session;
    }

    /// <summary>A failed call about one schema: a 404 means the schema does not exist.</summary>
    protected static ErrorRecord SchemaError(ServiceException exception, string schema) =>
        exception.Kind == ServiceErrorKind.NotFound
            ? SchemaNotFound(schema)
            : ServiceError(exception, schema);

    protected static ErrorRecord SchemaNotFound(string schema) =>
        ErrorRecords.Create($"Schema '{schema}' was not found.", "SchemaNotFound", ErrorCategory.ObjectNotFound, schema, "Check the name with Get-MonetateSchema.");

    /// <summary>An ErrorRecord for a failed Monetate call, with advice that names Monetate's settings.</summary>
    protected internal static ErrorRecord ServiceError(ServiceException exception, object? target, string? errorId = null)
    {
        var identifierName = MonetateErrorTranslator.IsIdentifierNameMissing(exception);
        var record = ErrorRecords.FromService(exception, target, errorId ?? (identifierName ? "IdentifierNameNotSet" : null));
        record.ErrorDetails.RecommendedAction = exception.Kind switch
        {
            _ when identifierName => $"Set the schema's Identifier Name, without which Monetate refuses its data: Set-MonetateSchema -Name {(target as string ?? "<schema>")} -NamedIdentifier <name> (or in Monetate's UI), then send again.",
            ServiceErrorKind.Unauthorized => "Check the API user and its private key (Connect-MonetateService, or MONETATE_API_USER and MONETATE_PRIVATE_KEY_PATH) and the clock.",
            ServiceErrorKind.Forbidden => "The API user's key was deactivated: register a new public key for it in Monetate and connect with the matching private key.",
            ServiceErrorKind.NotFound => "Check the name with Get-MonetateSchema.",
            ServiceErrorKind.Throttled => "Slow down, or allow more time with Connect-MonetateService -MaxRetryTime.",
            _ => record.ErrorDetails.RecommendedAction,
        };
        return record;
    }

    protected override void ReleaseResources()
    {
        if (_resolved is not null)
        {
            _resolved.Client.Retrying -= OnRetrying;
        }
    }
}
