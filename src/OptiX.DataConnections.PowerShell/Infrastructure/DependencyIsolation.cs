using System.Management.Automation;
using System.Reflection;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// Loads the module's third-party dependencies (Polly, CsvHelper and theirs), which ship in the <c>dependencies</c>
/// folder, so that they never collide with other modules' versions of them.
/// </summary>
/// <remarks>
/// On PowerShell 7 they load into the module's own AssemblyLoadContext, created by reflection because netstandard2.0
/// cannot name the type. This assembly and the core stay beside the manifest, in the default context: PowerShell
/// reads this assembly's types (some of which name the core's) before any initializer runs. An assembly the platform
/// itself provides (Newtonsoft.Json, Microsoft.Bcl.AsyncInterfaces, the System.* shims) is left to the default
/// context, so that the types this assembly and the core exchange, such as JObject, keep one identity. On Windows
/// PowerShell, which has no load contexts, the dependencies load with Assembly.LoadFrom.
/// </remarks>
public sealed class DependencyIsolation : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string LoadContextName = "OptiX.DataConnections";

    private static readonly Assembly Self = typeof(DependencyIsolation).Assembly;
    private static readonly string ModuleFolder = Path.GetDirectoryName(Self.Location) ?? string.Empty;
    private static readonly string DependencyFolder = Path.Combine(ModuleFolder, "dependencies");
    private static readonly Dictionary<string, string> Dependencies = FindDependencies();
    private static readonly LoadContext? Context = LoadContext.Create(LoadContextName);
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.OrdinalIgnoreCase);

    public void OnImport()
    {
        AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        if (Context is null)
        {
            return;
        }

        // The load context looks in its own loaded assemblies before it falls back to the default context, so loading
        // the private dependencies now makes them bind to each other (Polly to its Microsoft.Bcl.TimeProvider), never
        // to a copy another module loaded into the default context.
        HashSet<string> platform = PlatformAssemblies();
        foreach (string name in Dependencies.Keys.Where(name => !platform.Contains(name)))
        {
            _ = LoadDependency(name);
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        string? name = new AssemblyName(args.Name).Name;
        if (name is null || !Dependencies.ContainsKey(name))
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

        return LoadDependency(name);
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

    private static Assembly LoadDependency(string name)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(name, out Assembly? assembly))
            {
                string path = Dependencies[name];
                assembly = Context is null ? Assembly.LoadFrom(path) : Context.LoadFromAssemblyPath(path);
                Loaded[name] = assembly;
            }

            return assembly;
        }
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

    /// <summary>The simple names of the assemblies the host (pwsh and .NET) provides to the default context.</summary>
    private static HashSet<string> PlatformAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string paths)
        {
            foreach (string path in paths.Split(Path.PathSeparator))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }

    /// <summary>An AssemblyLoadContext reached by reflection; null where the runtime has none.</summary>
    private sealed class LoadContext
    {
        private readonly MethodInfo _loadFromAssemblyPath;

        private LoadContext(object instance, MethodInfo loadFromAssemblyPath)
        {
            Instance = instance;
            _loadFromAssemblyPath = loadFromAssemblyPath;
        }

        public object Instance { get; }

        public static LoadContext? Create(string name)
        {
            Type? type = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            ConstructorInfo? constructor = type?.GetConstructor([typeof(string), typeof(bool)]);
            MethodInfo? load = type?.GetMethod("LoadFromAssemblyPath", [typeof(string)]);
            return constructor is null || load is null ? null : new LoadContext(constructor.Invoke([name, false]), load);
        }

        public Assembly LoadFromAssemblyPath(string path) => (Assembly)_loadFromAssemblyPath.Invoke(Instance, [path]);
    }
}
