using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// The fast path for PSCustomObjects such as Import-Csv's: read their note properties straight from the object's own
/// member list, by index. PSObject.Properties builds per-object caches on first use, which costs tens of microseconds
/// per fresh record, and enumerating the member list copies it. The list is internal to PowerShell, so its accessors
/// are found once by reflection and compiled; if any is missing, or the object carries anything but visible note
/// properties, the caller falls back to PSObject.Properties.
/// </summary>
internal static class NoteProperties
{
    private static readonly Accessors? Members = Accessors.Create();

    public static List<KeyValuePair<string, object?>>? TryRead(PSObject source, int depth, Func<object?, int, object?> convert)
    {
        if (Members is not { } members || members.Of(source) is not { } list)
        {
            return null;
        }

        var count = members.Count(list);
        if (members.VisibleCount(list) != count)
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, object?>>(count);
        for (var i = 0; i < count; i++)
        {
            if (members.Item(list, i) is not PSNoteProperty note)
            {
                return null;
            }

            var value = note.Value;
            fields.Add(new KeyValuePair<string, object?>(note.Name, value is string ? value : convert(value, depth + 1)));
        }

        return fields;
    }

    private sealed class Accessors
    {
        private Accessors(Func<PSObject, object?> of, Func<object, int> count, Func<object, int> visibleCount, Func<object, int, PSMemberInfo?> item)
        {
            Of = of;
            Count = count;
            VisibleCount = visibleCount;
            Item = item;
        }

        public Func<PSObject, object?> Of { get; }

        public Func<object, int> Count { get; }

        public Func<object, int> VisibleCount { get; }

        public Func<object, int, PSMemberInfo?> Item { get; }

        public static Accessors? Create()
        {
            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            var getter = typeof(PSObject).GetProperty("InstanceMembers", Instance)?.GetGetMethod(nonPublic: true);
            var type = getter?.ReturnType;
            var count = type?.GetProperty("Count", Instance, null, typeof(int), Type.EmptyTypes, null)?.GetGetMethod(nonPublic: true);
            var visible = type?.GetProperty("VisibleCount", Instance)?.GetGetMethod(nonPublic: true);
            var item = type?.GetProperty("Item", Instance, null, null, [typeof(int)], null)?.GetGetMethod(nonPublic: true);
            if (getter is null || type is null || count is null || visible is null || item is null || !typeof(PSMemberInfo).IsAssignableFrom(item.ReturnType))
            {
                return null;
            }

            try
            {
                var accessors = Compile(getter, type, count, visible, item);

                // Tried once on an object of one note property: if PowerShell's internals are not what they look like,
                // the slow public path is taken for every record instead of every record failing.
                var probe = new PSObject();
                probe.Properties.Add(new PSNoteProperty("probe", "value"));
                var members = accessors.Of(probe);
                return members is not null && accessors.Count(members) == 1 && accessors.Item(members, 0) is PSNoteProperty { Name: "probe" }
                    ? accessors
                    : null;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or MemberAccessException or NotSupportedException or InvalidCastException)
            {
                return null;
            }
        }

        private static Accessors Compile(MethodInfo getter, Type type, MethodInfo count, MethodInfo visible, MethodInfo item)
        {
            // Compiled once: a reflection call per record would cost more than the read itself.
            var record = Expression.Parameter(typeof(PSObject), "record");
            var list = Expression.Parameter(typeof(object), "list");
            var index = Expression.Parameter(typeof(int), "index");
            var typed = Expression.Convert(list, type);
            return new Accessors(
                Expression.Lambda<Func<PSObject, object?>>(Expression.Call(record, getter), record).Compile(),
                Expression.Lambda<Func<object, int>>(Expression.Call(typed, count), list).Compile(),
                Expression.Lambda<Func<object, int>>(Expression.Call(typed, visible), list).Compile(),
                Expression.Lambda<Func<object, int, PSMemberInfo?>>(Expression.Convert(Expression.Call(typed, item, index), typeof(PSMemberInfo)), list, index).Compile());
        }
    }
}
