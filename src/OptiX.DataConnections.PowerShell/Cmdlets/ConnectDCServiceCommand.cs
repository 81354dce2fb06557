using System.Management.Automation;
using System.Security;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Holds the credentials and endpoint for the rest of the session.</summary>
[Cmdlet(VerbsCommunications.Connect, "DCService", HelpUri = HelpLinks.ConnectDCService)]
[OutputType(typeof(OptiXSession))]
public sealed class ConnectDCServiceCommand : ConnectServiceCmdlet
{
    [Parameter(Position = 0)]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    [Parameter(Position = 1)]
    [SecureStringTransformation]
    public SecureString? BrandKey { get; set; }

    protected override void EndProcessing()
    {
        var apiKey = ApiKey ?? SecureStrings.FromPlainText(RequiredVariable(DCSessionStore.ApiKeyVariable, "API key", "-ApiKey"));
        var brandKey = BrandKey ?? SecureStrings.FromPlainText(RequiredVariable(DCSessionStore.BrandKeyVariable, "brand key", "-BrandKey"));
        var baseUri = ResolveBaseUri(DCSessionStore.BaseUriVariable, OptiXClient.ProductionBaseUri);
        var resilience = Resilience();

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
}
