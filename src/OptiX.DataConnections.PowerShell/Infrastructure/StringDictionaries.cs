using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Hashtables of names and values (placeholders, headers) as the plain strings the API takes.</summary>
internal static class StringDictionaries
{
    public static Dictionary<string, string>? From(IDictionary? table) =>
        table?.Cast<DictionaryEntry>().ToDictionary(
            e => Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty,
            e => Convert.ToString(e.Value is PSObject p ? p.BaseObject : e.Value, CultureInfo.InvariantCulture) ?? string.Empty);
}
