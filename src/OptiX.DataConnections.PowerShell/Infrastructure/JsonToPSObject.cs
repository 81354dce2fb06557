using System.Collections;
using System.Management.Automation;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// Turns the service's records, which the core hands over as plain values (Records.PlainJson: an object as an ordered
/// dictionary, an array as object[]), into PSCustomObjects that read naturally in PowerShell.
/// </summary>
internal static class JsonToPSObject
{
    public const string RecordTypeName = "OptiX.DataConnections.Record";

    public static PSObject ToRecord(IDictionary fields)
    {
        var record = ToPSObject(fields);
        record.TypeNames.Insert(0, RecordTypeName);
        return record;
    }

    public static object? Convert(object? value) => value switch
    {
        IDictionary fields => ToPSObject(fields),
        object?[] items => items.Select(Convert).ToArray(),
        _ => value,
    };

    private static PSObject ToPSObject(IDictionary fields)
    {
        var result = new PSObject();
        foreach (DictionaryEntry field in fields)
        {
            result.Properties.Add(new PSNoteProperty((string)field.Key, Convert(field.Value)));
        }

        return result;
    }
}
