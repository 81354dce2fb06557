using System.Management.Automation;
using System.Security;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Holds the credentials and endpoint for the rest of the session.</summary>
[Cmdlet(VerbsCommunications.Connect, "DCService")]
[OutputType(typeof(OptiXSession))]
public sealed class ConnectDCServiceCommand : ServiceCmdlet
{
    [Parameter(Position = 0)]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    [Parameter(Position = 1)]
    [SecureStringTransformation]
    public SecureString? BrandKey { get; set; }

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

    /// <summary>Do not check the keys with a request now.</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var apiKey = ApiKey ?? FromEnvironment(DCSessionStore.ApiKeyVariable, "API key", "-ApiKey");
        var brandKey = BrandKey ?? FromEnvironment(DCSessionStore.BrandKeyVariable, "brand key", "-BrandKey");
        var baseUri = BaseUri ?? BaseUriFromEnvironment() ?? OptiXClient.ProductionBaseUri;
        var resilience = ResilienceParameters.From(MaxRetryTime, MaxRetries, RequestTimeout);

        OptiXSession session;
        try
        {
            session = new OptiXSession(baseUri, new OptiXCredentials(apiKey, brandKey), resilience, AllowInsecureHttp);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectionSettings", ErrorCategory.InvalidArgument, baseUri));
            return;
        }

        if (!SkipValidation)
        {
            WriteVerbose($"Checking the keys against {session.BaseUri}");
            try
            {
                session.Client.Retrying += OnRetrying;
                try
                {
                    _ = Await(session.Client.GetConnectionsAsync(CancellationToken));
                }
                finally
                {
                    session.Client.Retrying -= OnRetrying;
                }
            }
            catch (ServiceException ex)
            {
                session.Dispose();
                ThrowTerminatingError(ErrorRecords.FromService(ex, session.BaseUri, ex.Kind == ServiceErrorKind.Unauthorized ? "Unauthorized" : "ConnectFailed"));
            }
        }

        DCSessionStore.Set(session);
        WriteVerbose($"Connected to {session.BaseUri}");
        if (PassThru)
        {
            WriteObject(session);
        }
    }

    private SecureString FromEnvironment(string variable, string what, string parameter)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            ThrowTerminatingError(ErrorRecords.Create(
                $"No {what}: pass {parameter} or set the environment variable {variable}.",
                "MissingCredential",
                ErrorCategory.InvalidArgument,
                null));
        }

        return SecureStrings.FromPlainText(value!);
    }

    private static Uri? BaseUriFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(DCSessionStore.BaseUriVariable);
        return string.IsNullOrEmpty(value) ? null : new Uri(value);
    }
}
