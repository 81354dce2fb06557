using System.Reflection;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// The one decision of the Windows PowerShell (.NET Framework) resolve path: which file of the module's
/// <c>dependencies</c> folder answers a request for an assembly, if any. Pure (no file system, no AppDomain), so xunit
/// tests it on every platform, and the Mono smoke program (tests/OptiX.DataConnections.MonoSmoke) compiles this same
/// file to load the core exactly as Windows PowerShell does.
/// </summary>
/// <remarks>
/// .NET Framework binds strong-named references by exact version, and AppDomain.AssemblyResolve is its only way to
/// bridge a reference to an older version (Polly and CsvHelper ask for Microsoft.Bcl.AsyncInterfaces 6.0.0.0,
/// Microsoft.Bcl.TimeProvider 8.0.0.0, System.ComponentModel.Annotations 4.2.0.0, System.Buffers 4.0.2.0) to the newer
/// file that ships. The rules:
/// <list type="bullet">
/// <item>only names of files in <c>dependencies</c> are answered (everything else is left to .NET and other handlers);</item>
/// <item>a request whose public key token differs from the shipped file's is refused (another publisher's assembly of the
/// same name);</item>
/// <item>a request for a version newer than the shipped one is refused: an older file cannot stand in for a newer one
/// (another module may have it); an older or equal version is answered with the shipped file, whatever the major
/// version, which is how .NET Core's binder and NuGet's binding redirects treat these packages.</item>
/// </list>
/// </remarks>
internal static class DependencyResolver
{
    /// <summary>The file that answers <paramref name="requested"/>, or null when the module does not answer it.</summary>
    /// <param name="requested">The name asked for (AppDomain.AssemblyResolve's <c>args.Name</c>, parsed).</param>
    /// <param name="shipped">The files of the dependencies folder, by simple name (case-insensitive).</param>
    public static ShippedAssembly? Choose(AssemblyName requested, IReadOnlyDictionary<string, ShippedAssembly> shipped)
    {
        if (string.IsNullOrEmpty(requested.Name) || !shipped.TryGetValue(requested.Name!, out ShippedAssembly? file))
        {
            return null;
        }

        byte[]? wantedToken = requested.GetPublicKeyToken();
        if (wantedToken is { Length: > 0 } && !SameBytes(wantedToken, file.Name.GetPublicKeyToken()))
        {
            return null;
        }

        if (requested.Version is not null && file.Name.Version is not null && requested.Version > file.Name.Version)
        {
            return null;
        }

        return file;
    }

    /// <summary>
    /// A plain loop on purpose: this runs while dependencies are being resolved, and C# binds arrays'
    /// SequenceEqual to the span overload in System.Memory, which is one of the dependencies (the Mono step caught it).
    /// </summary>
    private static bool SameBytes(byte[] left, byte[]? right)
    {
        if (right is null || left.Length != right.Length)
        {
            return false;
        }

        for (int i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The shipped files by simple name, from their paths and assembly names (read by the caller).</summary>
    public static IReadOnlyDictionary<string, ShippedAssembly> Index(IEnumerable<ShippedAssembly> files)
    {
        var index = new Dictionary<string, ShippedAssembly>(StringComparer.OrdinalIgnoreCase);
        foreach (ShippedAssembly file in files)
        {
            if (!string.IsNullOrEmpty(file.Name.Name))
            {
                index[file.Name.Name!] = file;
            }
        }

        return index;
    }
}

/// <summary>A file of the module's <c>dependencies</c> folder and the assembly name it holds.</summary>
internal sealed class ShippedAssembly
{
    public ShippedAssembly(string path, AssemblyName name)
    {
        Path = path;
        Name = name;
    }

    public string Path { get; }

    public AssemblyName Name { get; }

    public override string ToString() => $"{Name.FullName} ({Path})";
}
