using System.Management.Automation;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Turns the service's JSON records into PSCustomObjects that read naturally in PowerShell.</summary>
internal static class JsonToPSObject
{
    public const string RecordTypeName = "OptiX.DataConnections.Record";

    public static PSObject ToRecord(JObject json)
    {
        var record = (PSObject)Convert(json)!;
        record.TypeNames.Insert(0, RecordTypeName);
        return record;
    }

    public static object? Convert(JToken? token) => token switch
    {
        null => null,
        JObject obj => ToPSObject(obj),
        JArray array => array.Select(Convert).ToArray(),
        JValue value => value.Value,
        _ => token.ToString(),
    };

    private static PSObject ToPSObject(JObject obj)
    {
        var result = new PSObject();
        foreach (var property in obj.Properties())
        {
            result.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
        }

        return result;
    }
}
