using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Reads single records of a schema for a manual spot check. Monetate allows one such request a second and forbids
/// bulk or automated use of the endpoint: requests are spaced a second apart, and asking for many ids warns.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MonetateRecord", HelpUri = HelpLinks.GetMonetateRecord)]
[OutputType(typeof(PSObject))]
public sealed class GetMonetateRecordCommand : MonetateCmdlet
{
    public const int ManyIds = 5;
    public const string RecordTypeName = "OptiX.DataConnections.MonetateRecord";

    private int _requested;
    private bool _warned;

    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(MonetateSchemaCompleter))]
    public string Schema { get; set; } = string.Empty;

    /// <summary>Values of the schema's identifier field.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("RecordId")]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = [];

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        foreach (var id in Id)
        {
            if (++_requested > ManyIds && !_warned)
            {
                _warned = true;
                WriteWarning($"More than {ManyIds} ids: this endpoint is for manual spot checks only. Monetate forbids bulk or automated reads of it, and answers at most one request a second, so each id takes a second.");
            }

            try
            {
                // Each row found for the id, its fields as properties (the answer's data.schema_rows, read by the core).
                foreach (var row in Await(session.Client.GetRecordAsync(Schema, id, CancellationToken)))
                {
                    var record = JsonToPSObject.ToRecord(row);
                    record.TypeNames.Insert(0, RecordTypeName);
                    WriteObject(record);
                }
            }
            catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
            {
                WriteError(ErrorRecords.Create($"No record with id '{id}' in schema '{Schema}' (or no such schema).", "RecordNotFound", ErrorCategory.ObjectNotFound, id));
            }
            catch (ServiceException ex) when (MonetateErrorTranslator.IsIdentifierNameMissing(ex))
            {
                // About the schema, not the id: the schema is the target, and the advice names it.
                WriteError(ServiceError(ex, Schema));
            }
            catch (ServiceException ex)
            {
                WriteError(ServiceError(ex, id));
            }
        }
    }
}
