using System.Collections;
using OptiX.DataConnections.Monetate;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Reads <c>@{ customer_id = 'STRING'; lifetime_value = 'NUMBER' }</c>, the compact way to name fields and their types.</summary>
internal static class MonetateFieldTable
{
    public static List<(string Name, MonetateDataType DataType)> Read(IDictionary table)
    {
        var fields = new List<(string, MonetateDataType)>();
        foreach (DictionaryEntry entry in table)
        {
            var name = entry.Key?.ToString();
            var value = (entry.Value is System.Management.Automation.PSObject p ? p.BaseObject : entry.Value)?.ToString();
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A field name is empty.");
            }

            if (!MonetateDataTypes.TryParse(value, out var type))
            {
                throw new ArgumentException($"Field '{name}' has the data type '{value}'; use one of {string.Join(", ", MonetateDataTypes.KnownNames)}.");
            }

            fields.Add((name!, type));
        }

        return fields;
    }
}
