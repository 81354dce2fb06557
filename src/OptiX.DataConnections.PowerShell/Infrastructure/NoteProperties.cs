using System.Collections;
using System.Management.Automation;
using System.Reflection;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// The fast path for PSCustomObjects such as Import-Csv's: read their note properties straight from the object's own
/// member list. PSObject.Properties builds per-object caches on first use, which costs tens of microseconds per fresh
/// record. The member list is internal to PowerShell, so it is found once by reflection; if it is missing, or the
/// object carries anything but note properties, the caller falls back to PSObject.Properties.
/// </summary>
internal static class NoteProperties
{
    private static readonly Func<PSObject, IEnumerable?>? InstanceMembers = CreateAccessor();

    public static List<KeyValuePair<string, object?>>? TryRead(PSObject source, int depth, Func<object?, int, object?> convert)
    {
        if (InstanceMembers?.Invoke(source) is not { } members)
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, object?>>();
        foreach (var member in members)
        {
            if (member is not PSNoteProperty note)
            {
                return null;
            }

            fields.Add(new KeyValuePair<string, object?>(note.Name, convert(note.Value, depth + 1)));
        }

        return fields;
    }

    private static Func<PSObject, IEnumerable?>? CreateAccessor()
    {
        var getter = typeof(PSObject).GetProperty("InstanceMembers", BindingFlags.Instance | BindingFlags.NonPublic)?.GetGetMethod(nonPublic: true);
        if (getter is null || !typeof(IEnumerable).IsAssignableFrom(getter.ReturnType))
        {
            return null;
        }

        return source => (IEnumerable?)getter.Invoke(source, null);
    }
}
