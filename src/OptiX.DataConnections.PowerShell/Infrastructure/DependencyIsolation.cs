using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// Loads the module's engine (the core, OptiX.DataConnections) and its third-party dependencies (Newtonsoft.Json, Polly,
/// CsvHelper and theirs), which all ship in the <c>dependencies</c> folder, so that they never collide with the
/// versions PowerShell or other modules load.
/// </summary>
/// <remarks>
/// <para>
/// On PowerShell 7 (the pattern of "Resolving PowerShell module assembly dependency conflicts"): this assembly loads
/// into the default context and names only the core, never a third-party type. The default context cannot find the
/// core by itself (it is not beside this assembly), so it raises AssemblyLoadContext.Default.Resolving, where the
/// handler registered in <see cref="OnImport"/> answers with the core from the module's own context. OnImport loads
/// it there, after the private dependencies: a plain AssemblyLoadContext (netstandard2.0 cannot derive one, so it is
/// reached by reflection) looks in its own loaded assemblies before it falls back to the default context, so the core
/// binds to its own Newtonsoft.Json, CsvHelper and Polly, never to PowerShell's or another module's. What .NET's
/// shared framework provides (the System.* shims of netstandard2.0) is left to the default context. PowerShell
/// resolves type names only in the default context, so the core's public types are also registered by name
/// (<see cref="TypeNames"/>).
/// </para>
/// <para>
/// Measured order on PowerShell 7.6: PowerShell loads this assembly and reads its public types (GetExportedTypes)
/// before it calls <see cref="OnImport"/>, so no public type here may need the core to load: no field (nor property
/// backing field) of a core value type, no core base type. Properties, parameters, attributes and method bodies may
/// name core types: PowerShell reads those after OnImport.
/// </para>
/// <para>
/// On Windows PowerShell (.NET Framework), which has no load contexts, OnImport hooks AppDomain.AssemblyResolve and
/// loads the core from <c>dependencies</c> with Assembly.LoadFrom, so that <c>[OptiX.DataConnections...]</c> type names
/// resolve straight after import. .NET Framework then finds the core's dependencies beside it by exact version; where a
/// dependency asks for an older version than ships (Polly for Microsoft.Bcl.AsyncInterfaces 6.0.0.0, and so on), the
/// handler answers with the shipped file, as <see cref="DependencyResolver"/> decides. The import also checks the
/// .NET Framework version (<see cref="Platform.FrameworkRequirement"/>) and applies the process's TLS and connection
/// settings (<see cref="Platform.NetFrameworkTransport"/>). Both editions count imports the same way: the last
/// removal, in whichever runspace, unhooks the handler.
/// </para>
/// </remarks>
public sealed class DependencyIsolation : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string LoadContextName = "OptiX.DataConnections";

    private const string EngineName = "OptiX.DataConnections";

    private static readonly Assembly Self = typeof(DependencyIsolation).Assembly;
    private static readonly string ModuleFolder = Path.GetDirectoryName(Self.Location) ?? string.Empty;
    private static readonly string DependencyFolder = Path.Combine(ModuleFolder, "dependencies");
    private static readonly Dictionary<string, string> Dependencies = FindDependencies();
    private static readonly Lazy<IReadOnlyDictionary<string, ShippedAssembly>> Shipped = new(ReadShippedNames);
    private static readonly string? FrameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location);
    private static readonly LoadContext? Context = LoadContext.Create(LoadContextName);
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ImportCount Imports = new();

    public void OnImport()
    {
        lock (Gate)
        {
            if (Imports.Imports == 0)
            {
                // Hooked before counting: an import that throws (a .NET Framework too old) counts for nothing.
                if (Context is null)
                {
                    ImportOnWindowsPowerShell();
                }
                else
                {
                    Context.RegisterWithDefault();
                    TypeNames.Add(LoadEngine());
                }
            }

            _ = Imports.Import();
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        // The handler (and on PowerShell 7 the type names) serve every runspace that imported the module: the last
        // removal takes them.
        lock (Gate)
        {
            if (Imports.Remove())
            {
                if (Context is null)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnWindowsPowerShell;
                }
                else
                {
                    Context.UnregisterFromDefault();
                    TypeNames.Remove(LoadEngine());
                }
            }
        }
    }

    /// <summary>The first import on Windows PowerShell; the caller holds <see cref="Gate"/>. Throws when the framework is too old.</summary>
    private static void ImportOnWindowsPowerShell()
    {
        AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnWindowsPowerShell;
        AppDomain.CurrentDomain.AssemblyResolve += ResolveOnWindowsPowerShell;
        try
        {
            _ = Load(EngineName);
            ConfigureNetFramework();
        }
        catch
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnWindowsPowerShell;
            throw;
        }
    }

    /// <summary>
    /// Names core types, so it runs only once the core can load (never inlined into OnImport, which JIT compiles
    /// before the handler is hooked).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ConfigureNetFramework()
    {
        string framework = RuntimeInformation.FrameworkDescription;
        if (!Platform.NetFrameworkTransport.AppliesTo(framework))
        {
            return;
        }

        string? problem = Platform.FrameworkRequirement.Problem(ReadReleaseKey(), framework);
        if (problem is not null)
        {
            throw new PlatformNotSupportedException(problem);
        }

        _ = Platform.NetFrameworkTransport.Apply();
    }

    /// <summary>
    /// The .NET Framework release key from the registry (Microsoft.Win32.Registry is in mscorlib there, and not in
    /// netstandard2.0, so it is reached by reflection); null where it cannot be read.
    /// </summary>
    private static int? ReadReleaseKey()
    {
        try
        {
            MethodInfo? getValue = Type.GetType("Microsoft.Win32.Registry")?.GetMethod("GetValue", [typeof(string), typeof(string), typeof(object)]);
            object? value = getValue?.Invoke(null, [@"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full", "Release", null]);
            return value is int key ? key : null;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    /// <summary>
    /// AssemblyLoadContext.Default.Resolving (the delegate is a Func&lt;AssemblyLoadContext, AssemblyName, Assembly?&gt;):
    /// only the engine is answered; it is this module's alone, so its name is enough.
    /// </summary>
    private static Assembly? ResolveFromDefaultContext(object context, AssemblyName name) =>
        string.Equals(name.Name, EngineName, StringComparison.OrdinalIgnoreCase) && Dependencies.ContainsKey(EngineName) ? LoadEngine() : null;

    private static Assembly LoadEngine()
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(EngineName, out Assembly? engine))
            {
                return engine;
            }

            foreach (string name in Dependencies.Keys.Where(name => !string.Equals(name, EngineName, StringComparison.OrdinalIgnoreCase) && !IsFrameworkAssembly(name)))
            {
                _ = Load(name);
            }

            return Load(EngineName);
        }
    }

    private static Assembly? ResolveOnWindowsPowerShell(object? sender, ResolveEventArgs args)
    {
        ShippedAssembly? file = DependencyResolver.Choose(new AssemblyName(args.Name), Shipped.Value);
        if (file is null)
        {
            return null;
        }

        // Answer only for this module: a request from an assembly loaded from its folder (this one, the core, or a
        // dependency). Windows PowerShell does not always say who asks; there the name alone decides.
        Assembly? requester = args.RequestingAssembly;
        if (requester is not null && !IsOurs(requester))
        {
            return null;
        }

        lock (Gate)
        {
            return Load(file.Name.Name!);
        }
    }

    private static bool IsOurs(Assembly assembly)
    {
        if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location))
        {
            return false;
        }

        string folder = Path.GetDirectoryName(assembly.Location) ?? string.Empty;
        return string.Equals(folder, ModuleFolder, StringComparison.OrdinalIgnoreCase) || string.Equals(folder, DependencyFolder, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Loads a file of the dependencies folder once; the caller holds <see cref="Gate"/>.</summary>
    private static Assembly Load(string name)
    {
        if (!Loaded.TryGetValue(name, out Assembly? assembly))
        {
            string path = Dependencies[name];
            assembly = Context is null ? Assembly.LoadFrom(path) : Context.LoadFromAssemblyPath(path);
            Loaded[name] = assembly;
        }

        return assembly;
    }

    private static Dictionary<string, string> FindDependencies()
    {
        var dependencies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Directory.Exists(DependencyFolder))
        {
            foreach (string path in Directory.EnumerateFiles(DependencyFolder, "*.dll"))
            {
                dependencies[Path.GetFileNameWithoutExtension(path)] = path;
            }
        }

        return dependencies;
    }

    /// <summary>The assembly names of the dependencies folder's files (read once, on Windows PowerShell's first resolve).</summary>
    private static IReadOnlyDictionary<string, ShippedAssembly> ReadShippedNames() =>
        DependencyResolver.Index(Dependencies.Values.Select(path => new ShippedAssembly(path, AssemblyName.GetAssemblyName(path))));

    /// <summary>Whether .NET's shared framework (the folder of System.Private.CoreLib) has an assembly of this name.</summary>
    private static bool IsFrameworkAssembly(string name) =>
        !string.IsNullOrEmpty(FrameworkFolder) && File.Exists(Path.Combine(FrameworkFolder, name + ".dll"));

    /// <summary>
    /// PowerShell 7 resolves type names (<c>[OptiX.DataConnections.Upload.UploadSummary]</c>, <c>-is</c>, <c>-as</c>)
    /// only in the default load context, so the core's public types are made known by their full names as type
    /// accelerators, the way PowerShell documents for exporting classes (about_Classes, "Exporting classes with type
    /// accelerators"). TypeAccelerators is internal: reached by reflection, and skipped if it is not there.
    /// </summary>
    private static class TypeNames
    {
        private static readonly Type? Accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
        private static readonly MethodInfo? AddMethod = Accelerators?.GetMethod("Add", [typeof(string), typeof(Type)]);
        private static readonly MethodInfo? RemoveMethod = Accelerators?.GetMethod("Remove", [typeof(string)]);
        private static readonly PropertyInfo? GetProperty = Accelerators?.GetProperty("Get");

        public static void Add(Assembly engine)
        {
            foreach (Type type in PublicTypes(engine))
            {
                _ = AddMethod?.Invoke(null, [type.FullName!, type]);
            }
        }

        public static void Remove(Assembly engine)
        {
            // Only the names that still stand for this module's types.
            if (GetProperty?.GetValue(null) is not IDictionary<string, Type> current)
            {
                return;
            }

            foreach (Type type in PublicTypes(engine))
            {
                if (current.TryGetValue(type.FullName!, out Type? known) && known == type)
                {
                    _ = RemoveMethod?.Invoke(null, [type.FullName!]);
                }
            }
        }

        private static IEnumerable<Type> PublicTypes(Assembly engine) =>
            engine.GetExportedTypes().Where(type => !type.IsGenericTypeDefinition && type.FullName is not null);
    }

    /// <summary>An AssemblyLoadContext reached by reflection; null where the runtime has none (Windows PowerShell).</summary>
    private sealed class LoadContext
    {
        private readonly object _instance;
        private readonly MethodInfo _loadFromAssemblyPath;
        private readonly object _defaultContext;
        private readonly EventInfo _resolving;
        private readonly Delegate _handler;

        private LoadContext(object instance, MethodInfo loadFromAssemblyPath, object defaultContext, EventInfo resolving, Delegate handler)
        {
            _instance = instance;
            _loadFromAssemblyPath = loadFromAssemblyPath;
            _defaultContext = defaultContext;
            _resolving = resolving;
            _handler = handler;
        }

        public static LoadContext? Create(string name)
        {
            Type? type = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            ConstructorInfo? constructor = type?.GetConstructor([typeof(string), typeof(bool)]);
            MethodInfo? load = type?.GetMethod("LoadFromAssemblyPath", [typeof(string)]);
            object? defaultContext = type?.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
            EventInfo? resolving = type?.GetEvent("Resolving");
            if (constructor is null || load is null || defaultContext is null || resolving?.EventHandlerType is null)
            {
                return null;
            }

            // The event is a Func<AssemblyLoadContext, AssemblyName, Assembly?>; a method that takes object binds to it.
            MethodInfo method = typeof(DependencyIsolation).GetMethod(nameof(ResolveFromDefaultContext), BindingFlags.NonPublic | BindingFlags.Static)!;
            Delegate handler = Delegate.CreateDelegate(resolving.EventHandlerType, method);
            return new LoadContext(constructor.Invoke([name, false]), load, defaultContext, resolving, handler);
        }

        public Assembly LoadFromAssemblyPath(string path) => (Assembly)_loadFromAssemblyPath.Invoke(_instance, [path]);

        /// <summary>Adds the handler to AssemblyLoadContext.Default.Resolving (once, however often the module is imported).</summary>
        public void RegisterWithDefault()
        {
            UnregisterFromDefault();
            _resolving.AddEventHandler(_defaultContext, _handler);
        }

        public void UnregisterFromDefault() => _resolving.RemoveEventHandler(_defaultContext, _handler);
    }
}
