using System.Management.Automation;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>
/// Reads the Emarsys external content of records by primary key: what the service hands to Emarsys, the record
/// flattened to text values. One request a key.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DCEmarsysContent", HelpUri = HelpLinks.GetDCEmarsysContent)]
[OutputType(typeof(PSObject))]
public sealed class GetDCEmarsysContentCommand : KeyReadCmdlet
{
    public const string ContentTypeName = "OptiX.DataConnections.EmarsysContent";

    protected override void ProcessRecord()
    {
        foreach (var (key, source) in KeysToRead())
        {
            try
            {
                var content = JsonToPSObject.ToRecord(Await(ResolveSession().Client.GetEmarsysContentAsync(Connection!.ConnectionId, key, Placeholders, CancellationToken)));
                content.TypeNames.Insert(0, ContentTypeName);
                WriteObject(content);
            }
            catch (ServiceException ex) when (ex.Kind == ServiceErrorKind.NotFound)
            {
                WriteError(RecordNotFound(key, source, ", so no Emarsys content"));
            }
            catch (ServiceException ex)
            {
                WriteError(ErrorRecords.FromService(ex, source));
            }
        }
    }
}
