namespace OptiX.DataConnections.Http;

/// <summary>What went wrong, independent of the vendor; the PowerShell layer maps it to an error category.</summary>
public enum ServiceErrorKind
{
    InvalidRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Validation,
    Throttled,
    ServerError,
    Transport,
    Timeout,

    /// <summary>A success status with a body the module does not understand: never read as an empty result.</summary>
    UnexpectedAnswer,

    /// <summary>Nothing listens at a loopback base URI (connection refused): the emulator there is not running. Not retried.</summary>
    NotRunning,
}
