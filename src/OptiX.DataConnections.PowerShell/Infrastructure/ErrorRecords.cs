using System.Management.Automation;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>ErrorRecords with stable ids and fitting categories, built from the core's exceptions.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord FromService(ServiceException exception, object? target, string? errorId = null)
    {
        var record = new ErrorRecord(exception, errorId ?? IdOf(exception.Kind), CategoryOf(exception.Kind), target)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = ActionFor(exception.Kind) },
        };
        return record;
    }

    /// <summary>A failed call on one connection: a 404 means the connection does not exist (or is another brand's).</summary>
    public static ErrorRecord ForConnection(ServiceException exception, Guid connectionId) =>
        exception.Kind == ServiceErrorKind.NotFound ? ConnectionNotFound(connectionId) : FromService(exception, connectionId);

    public static ErrorRecord ConnectionNotFound(Guid connectionId) => Create(
        $"Data Connection '{connectionId}' was not found.",
        "ConnectionNotFound",
        ErrorCategory.ObjectNotFound,
        connectionId,
        "Check the id with Get-DataConnection.");

    public static ErrorRecord Create(string message, string errorId, ErrorCategory category, object? target, string? recommendedAction = null) =>
        new(new InvalidOperationException(message), errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction },
        };

    public static string IdOf(ServiceErrorKind kind) => kind switch
    {
        ServiceErrorKind.Unauthorized => "Unauthorized",
        ServiceErrorKind.Forbidden => "Forbidden",
        ServiceErrorKind.NotFound => "NotFound",
        ServiceErrorKind.Conflict => "Conflict",
        ServiceErrorKind.Validation => "ValidationFailed",
        ServiceErrorKind.Throttled => "Throttled",
        ServiceErrorKind.ServerError => "ServiceError",
        ServiceErrorKind.Transport => "TransportFailed",
        ServiceErrorKind.Timeout => "Timeout",
        ServiceErrorKind.UnexpectedAnswer => "UnexpectedAnswer",
        ServiceErrorKind.NotRunning => "EmulatorNotRunning",
        _ => "InvalidRequest",
    };

    public static ErrorCategory CategoryOf(ServiceErrorKind kind) => kind switch
    {
        ServiceErrorKind.Unauthorized => ErrorCategory.AuthenticationError,
        ServiceErrorKind.Forbidden => ErrorCategory.PermissionDenied,
        ServiceErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ServiceErrorKind.Conflict => ErrorCategory.ResourceExists,
        ServiceErrorKind.Validation or ServiceErrorKind.InvalidRequest => ErrorCategory.InvalidData,
        ServiceErrorKind.Throttled => ErrorCategory.LimitsExceeded,
        ServiceErrorKind.ServerError => ErrorCategory.ResourceUnavailable,
        ServiceErrorKind.Transport or ServiceErrorKind.NotRunning => ErrorCategory.ConnectionError,
        ServiceErrorKind.Timeout => ErrorCategory.OperationTimeout,
        ServiceErrorKind.UnexpectedAnswer => ErrorCategory.InvalidResult,
        _ => ErrorCategory.NotSpecified,
    };

    private static string? ActionFor(ServiceErrorKind kind) => kind switch
    {
        ServiceErrorKind.Unauthorized => "Check the API key and brand key (Connect-DCService, or OPTIX_API_KEY and OPTIX_BRAND_KEY).",
        ServiceErrorKind.Throttled => "Slow down, or allow more time with Connect-DCService -MaxRetryTime.",
        ServiceErrorKind.NotFound => "Check the id with Get-DataConnection.",
        ServiceErrorKind.Timeout or ServiceErrorKind.Transport or ServiceErrorKind.ServerError => "Try again later; the request can be re-sent as it is.",
        ServiceErrorKind.UnexpectedAnswer => "The service answered in a shape this version of the module does not read; nothing was taken from the answer. Rehearse with Start-DCEmulator -AnswerShape Variant, and report the route and the shape described in the message.",
        ServiceErrorKind.NotRunning => "Start the emulator with Start-DCEmulator (or Connect-DCService to one that runs), then run the command again.",
        _ => null,
    };
}
