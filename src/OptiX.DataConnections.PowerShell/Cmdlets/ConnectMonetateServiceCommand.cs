using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Holds the Monetate API user, its private key and the retailer for the rest of the session.</summary>
[Cmdlet(VerbsCommunications.Connect, "MonetateService", DefaultParameterSetName = KeyFileSet, HelpUri = HelpLinks.ConnectMonetateService)]
[OutputType(typeof(MonetateSession))]
public sealed class ConnectMonetateServiceCommand : ConnectServiceCmdlet
{
    private const string KeyFileSet = "KeyFile";
    private const string KeyTextSet = "KeyText";

    /// <summary>The API user name created in Monetate's settings.</summary>
    [Parameter(Position = 0)]
    [Alias("UserName")]
    public string? ApiUser { get; set; }

    /// <summary>The PEM file of the API user's RSA private key (PKCS#1 or PKCS#8, optionally encrypted).</summary>
    [Parameter(Position = 1, ParameterSetName = KeyFileSet)]
    [Alias("KeyPath")]
    public string? PrivateKeyPath { get; set; }

    /// <summary>The private key's PEM text, for runbooks that read it from a vault.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeyTextSet)]
    [SecureStringTransformation]
    public SecureString? PrivateKey { get; set; }

    /// <summary>The passphrase of an encrypted private key.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? Passphrase { get; set; }

    /// <summary>The retailer short name in the Data API's paths.</summary>
    [Parameter]
    public string? Retailer { get; set; }

    /// <summary>Seconds each access token lives (600 to 43200); tokens are refreshed before they expire.</summary>
    [Parameter]
    [ValidateRange(MonetateClient.MinTokenLifetimeSeconds, MonetateClient.MaxTokenLifetimeSeconds)]
    public int TokenLifetimeSeconds { get; set; } = MonetateClient.DefaultTokenLifetimeSeconds;

    protected override void EndProcessing()
    {
        var user = ApiUser ?? RequiredVariable(MonetateSessionStore.ApiUserVariable, "API user", "-ApiUser");
        var retailer = Retailer ?? RequiredVariable(MonetateSessionStore.RetailerVariable, "retailer short name", "-Retailer");
        var baseUri = ResolveBaseUri(MonetateSessionStore.BaseUriVariable, MonetateClient.ProductionBaseUri);
        var key = LoadKey();
        var resilience = Resilience();

        MonetateSession session;
        try
        {
            session = new MonetateSession(baseUri, retailer, new MonetateCredentials(user, key), resilience, TokenLifetimeSeconds, AllowInsecureHttp);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectionSettings", ErrorCategory.InvalidArgument, baseUri));
            return;
        }

        if (!SkipValidation)
        {
            WriteVerbose($"Fetching a token for '{user}' from {session.BaseUri} and listing retailer '{retailer}''s schemas");
            session.Client.Retrying += OnRetrying;
            try
            {
                var token = Await(session.Client.Tokens.GetAsync(CancellationToken));
                WriteVerbose($"Token received; it expires at {token.ExpiresAt.ToLocalTime():u} and is refreshed before then.");
                foreach (var schema in Await(session.Client.GetSchemasAsync(CancellationToken)))
                {
                    session.Remember(schema.Name);
                }
            }
            catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound && !ex.Route.Contains("/auth/"))
            {
                session.Dispose();
                ThrowTerminatingError(ErrorRecords.Create(
                    $"The Data API does not know the retailer '{retailer}' at {session.BaseUri}.",
                    "UnknownRetailer",
                    ErrorCategory.ObjectNotFound,
                    retailer,
                    "Give the retailer short name that appears in the account's Data API paths (-Retailer or MONETATE_RETAILER)."));
            }
            catch (ServiceException ex)
            {
                session.Dispose();
                ThrowTerminatingError(MonetateCmdlet.ServiceError(ex, session.BaseUri, ex.Kind switch
                {
                    ServiceErrorKind.Unauthorized => "Unauthorized",
                    ServiceErrorKind.Forbidden => "KeyDeactivated",
                    _ => "ConnectFailed",
                }));
            }
            finally
            {
                session.Client.Retrying -= OnRetrying;
            }
        }

        MonetateSessionStore.Set(session);
        WriteVerbose($"Connected to Monetate retailer '{retailer}' at {session.BaseUri} as '{user}'.");
        if (PassThru)
        {
            WriteObject(session);
        }
    }

    private MonetatePrivateKey LoadKey()
    {
        var passphrase = Passphrase ?? EnvironmentVariables.Secret(MonetateSessionStore.PassphraseVariable);
        try
        {
            try
            {
                return ReadKey(passphrase);
            }
            catch (MonetateKeyException ex) when (ex.NeedsPassphrase && AskForPassphrase() is { } asked)
            {
                return ReadKey(asked);
            }
        }
        catch (MonetateKeyException ex)
        {
            var action = ex.NeedsPassphrase
                ? "Give -Passphrase (or set MONETATE_PRIVATE_KEY_PASSPHRASE); an interactive session is asked for it."
                : "Give the PEM file of the private key whose public key is registered for the API user.";
            ThrowTerminatingError(new ErrorRecord(ex, ex.NeedsPassphrase ? "PassphraseRequired" : "InvalidPrivateKey", ErrorCategory.InvalidArgument, PrivateKeyPath?.Contains("-----BEGIN") == true ? null : PrivateKeyPath)
            {
                ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = action },
            });
            throw;
        }
    }

    /// <summary>
    /// Asks an interactive user for the passphrase, as Read-Host -AsSecureString would; null where no one can answer:
    /// -NonInteractive, a runbook's host, or a console whose input is redirected (where reading secure input would end
    /// the process instead of failing).
    /// </summary>
    private SecureString? AskForPassphrase()
    {
        if (Host.Name == "Default Host" || (Host.Name == "ConsoleHost" && Console.IsInputRedirected))
        {
            return null;
        }

        var field = new FieldDescription("Passphrase");
        field.SetParameterType(typeof(SecureString));
        try
        {
            var user = ApiUser ?? EnvironmentVariables.Value(MonetateSessionStore.ApiUserVariable);
            var answers = Host.UI.Prompt("Encrypted private key", $"The private key of '{user}' is encrypted.", new Collection<FieldDescription> { field });
            return answers is not null && answers.TryGetValue("Passphrase", out var answer) && answer?.BaseObject is SecureString { Length: > 0 } passphrase ? passphrase : null;
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or NotImplementedException or HostException or InvalidOperationException)
        {
            return null;
        }
    }

    private MonetatePrivateKey ReadKey(SecureString? passphrase)
    {
        if (PrivateKey is not null)
        {
            return MonetatePrivateKey.FromPem(PrivateKey, passphrase);
        }

        if (PrivateKeyPath is not null)
        {
            return MonetatePrivateKey.FromFile(GetUnresolvedProviderPathFromPSPath(PrivateKeyPath), passphrase);
        }

        if (EnvironmentVariables.Secret(MonetateSessionStore.PrivateKeyVariable) is { } text)
        {
            return MonetatePrivateKey.FromPem(text, passphrase);
        }

        var path = RequiredVariable(MonetateSessionStore.PrivateKeyPathVariable, "private key", "-PrivateKeyPath");
        return MonetatePrivateKey.FromFile(GetUnresolvedProviderPathFromPSPath(path), passphrase);
    }
}
