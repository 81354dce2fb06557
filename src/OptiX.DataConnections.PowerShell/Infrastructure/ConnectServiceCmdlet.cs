using System.Management.Automation;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// What the Connect- cmdlets share, whichever the vendor: the endpoint, the retry settings, -AllowInsecureHttp,
/// -SkipValidation, -PassThru, and the environment variables that stand in for missing parameters.
/// </summary>
public abstract class ConnectServiceCmdlet : ServiceCmdlet
{
    [Parameter]
    public Uri? BaseUri { get; set; }

    /// <summary>Total time one request may take with its retries.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? MaxRetryTime { get; set; }

    [Parameter]
    [ValidateRange(0, 100)]
    public int? MaxRetries { get; set; }

    /// <summary>Time one attempt may take.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? RequestTimeout { get; set; }

    [Parameter]
    public SwitchParameter AllowInsecureHttp { get; set; }

    /// <summary>Do not check the credentials with a request now.</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The default retry settings, with what -MaxRetryTime, -MaxRetries and -RequestTimeout give.</summary>
    protected ResilienceSettings Resilience()
    {
        var settings = new ResilienceSettings();
        if (MaxRetryTime is { } budget)
        {
            settings.MaxRetryTime = budget;
        }

        if (MaxRetries is { } retries)
        {
            settings.MaxRetries = retries;
        }

        if (RequestTimeout is { } timeout)
        {
            settings.RequestTimeout = timeout;
        }

        return settings;
    }

    /// <summary>-BaseUri, else the environment variable, else the vendor's production endpoint.</summary>
    protected Uri ResolveBaseUri(string variable, Uri production) =>
        BaseUri ?? (EnvironmentVariables.Value(variable) is { } value ? new Uri(value) : production);

    /// <summary>The value of a required setting's environment variable; a terminating MissingCredential error without it.</summary>
    protected string RequiredVariable(string variable, string what, string parameter)
    {
        var value = EnvironmentVariables.Value(variable);
        if (value is null)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                $"No {what}: pass {parameter} or set the environment variable {variable}.",
                "MissingCredential",
                ErrorCategory.InvalidArgument,
                null));
        }

        return value!;
    }
}
