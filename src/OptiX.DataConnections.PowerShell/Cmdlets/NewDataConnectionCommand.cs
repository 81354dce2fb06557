using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Creates a Data Connection.</summary>
[Cmdlet(VerbsCommon.New, "DataConnection", SupportsShouldProcess = true, DefaultParameterSetName = UploadSet, HelpUri = HelpLinks.NewDataConnection)]
[OutputType(typeof(Connection))]
public sealed class NewDataConnectionCommand : DCCmdlet
{
    private const string UploadSet = "Upload";
    private const string ApiSet = "Api";
    private const string ExternalApiSet = "ExternalApi";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The field that identifies a record. It cannot be changed later.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("primary_key")]
    [ValidateNotNullOrEmpty]
    public string PrimaryKey { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    /// <summary>An API-based connection: the external API's URL, with {placeholders} if needed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ApiSet)]
    [Alias("ApiUrl", "url")]
    [ValidateNotNullOrEmpty]
    public string ApiUri { get; set; } = string.Empty;

    [Parameter(ParameterSetName = ApiSet)]
    [Alias("http_method")]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", IgnoreCase = true)]
    public string HttpMethod { get; set; } = "GET";

    [Parameter(ParameterSetName = ApiSet)]
    public Hashtable? Header { get; set; }

    /// <summary>The request body: a hashtable, an object or a JSON string.</summary>
    [Parameter(ParameterSetName = ApiSet)]
    public object? Body { get; set; }

    /// <summary>Seconds the service caches an answer (default 30; 0: never).</summary>
    [Parameter(ParameterSetName = ApiSet)]
    [ValidateRange(0, int.MaxValue)]
    public int? CacheTtlSeconds { get; set; }

    [Parameter(ParameterSetName = ApiSet)]
    [Alias("timeout")]
    [ValidateRange(1, 300)]
    public int? TimeoutSeconds { get; set; }

    [Parameter(ParameterSetName = ApiSet)]
    [ValidateRange(0, 10)]
    public int? Retries { get; set; }

    /// <summary>The external API answers many keys in one call.</summary>
    [Parameter(ParameterSetName = ApiSet)]
    [Alias("is_batch_endpoint")]
    public SwitchParameter BatchEndpoint { get; set; }

    /// <summary>Values for the placeholders, for the test call the service makes at creation.</summary>
    [Parameter(ParameterSetName = ApiSet)]
    [Alias("sample_placeholder_values")]
    public Hashtable? SamplePlaceholderValue { get; set; }

    /// <summary>All the external API details in one hashtable (url, http_method, headers, body, ttl, timeout, retries, is_batch_endpoint, sample_placeholder_values).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExternalApiSet)]
    [Alias("external_api_details")]
    public Hashtable? ExternalApi { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Data Connection '{Name}' keyed by '{PrimaryKey}'", "Create"))
        {
            return;
        }

        var session = ResolveSession();
        var definition = new ConnectionDefinition { Name = Name, PrimaryKey = PrimaryKey, Description = Description };
        try
        {
            definition.ExternalApiDetails = ParameterSetName switch
            {
                ApiSet => ExternalApiParameters.FromParameters(ApiUri, HttpMethod, Header, Body, CacheTtlSeconds, TimeoutSeconds, Retries, BatchEndpoint, SamplePlaceholderValue),
                ExternalApiSet => ExternalApiParameters.FromHashtable(ExternalApi!),
                _ => null,
            };
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidExternalApi", ErrorCategory.InvalidArgument, ApiUri));
            return;
        }

        var existing = ExistingIds(session);
        try
        {
            var created = Await(session.Client.CreateAsync(definition, existing, CancellationToken));
            if (created.Connection is { } connection)
            {
                session.Remember(connection);
                WriteObject(connection);
                return;
            }

            WriteWarning($"Created Data Connection {created.ConnectionId}, but reading it back failed: {created.ReadBackError!.Message} The object written shows what was sent; read it again with Get-DataConnection -ConnectionId {created.ConnectionId}. Do not create it again.");
            WriteObject(created.AsSent(definition));
        }
        catch (ServiceException ex)
        {
            WriteError(ErrorRecords.FromService(ex, definition, ex.Kind == ServiceErrorKind.Unauthorized ? null : "CreateConnectionFailed"));
        }
    }

    /// <summary>The ids there before, to warn of a second connection of the same name and to find the new one by name if the answer lacks its id.</summary>
    private List<Guid>? ExistingIds(DataConnections.OptiX.OptiXSession session)
    {
        try
        {
            var connections = Await(session.Client.GetConnectionsAsync(CancellationToken));
            var sameName = connections.Where(c => string.Equals(c.Name, Name, StringComparison.Ordinal)).ToList();
            if (sameName.Count > 0)
            {
                WriteWarning($"A Data Connection named '{Name}' already exists ({string.Join(", ", sameName.Select(c => c.ConnectionId))}); creating another with the same name.");
            }

            return connections.Select(c => c.ConnectionId).ToList();
        }
        catch (ServiceException ex) when (ex.Kind is not ServiceErrorKind.Unauthorized)
        {
            WriteVerbose($"Could not list the connections to check the name first: {ex.Message}");
            return null;
        }
    }
}
