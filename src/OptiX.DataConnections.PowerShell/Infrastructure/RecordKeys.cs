using System.Collections;
using System.Management.Automation;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Takes a primary key from what the pipeline carries: a bare key, or a record holding the key field.</summary>
internal static class RecordKeys
{
    public static object? KeyOf(object? item, string primaryKeyField)
    {
        if (item is PSObject wrapped)
        {
            if (wrapped.BaseObject is PSCustomObject)
            {
                return Unwrap(wrapped.Properties[primaryKeyField]?.Value);
            }

            item = wrapped.BaseObject;
        }

        return item is IDictionary dictionary ? Unwrap(dictionary[primaryKeyField]) : item;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
