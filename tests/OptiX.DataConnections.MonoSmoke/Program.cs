using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using OptiX.DataConnections.PowerShell.Infrastructure;

namespace OptiX.DataConnections.MonoSmoke;

/// <summary>
/// Loads the built module's core the way Windows PowerShell 5.1 does (see DependencyIsolation): AppDomain.AssemblyResolve
/// answered by the module's own <see cref="DependencyResolver"/>, files loaded with Assembly.LoadFrom from
/// <c>dependencies/</c>, the core loaded first. Then runs the checks in <see cref="Checks"/> and writes
/// <c>{"Passed": n, "Failed": n}</c> to the result file; the exit code is 1 when a check failed.
/// </summary>
/// <remarks>
/// Usage: <c>mono OptiX.DataConnections.MonoSmoke.exe --module out/OptiX.DataConnections --dotnet /path/to/dotnet --result result.json</c>.
/// Nothing here names a core type: this class is compiled before the handler is hooked.
/// </remarks>
internal static class Program
{
    private static IReadOnlyDictionary<string, ShippedAssembly> _shipped = new Dictionary<string, ShippedAssembly>();

    /// <summary>Every request the handler answered: "requested -> shipped version".</summary>
    internal static List<string> Bridged { get; } = [];

    internal static string DependencyFolder { get; private set; } = string.Empty;

    private static int Main(string[] args)
    {
        var options = Options.Parse(args);
        DependencyFolder = Path.GetFullPath(Path.Combine(options.ModulePath, "dependencies"));
        _shipped = DependencyResolver.Index(Directory.GetFiles(DependencyFolder, "*.dll").Select(path => new ShippedAssembly(path, AssemblyName.GetAssemblyName(path))));
        AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        Console.WriteLine($"Runtime: {RuntimeDescription()}; module: {options.ModulePath}");

        // As DependencyIsolation.OnImport does on Windows PowerShell: the core first, from dependencies/.
        _ = Assembly.LoadFrom(Path.Combine(DependencyFolder, "OptiX.DataConnections.dll"));
        return Run(options);
    }

    internal static IReadOnlyDictionary<string, ShippedAssembly> Shipped => _shipped;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Run(Options options)
    {
        var results = new Checks(options).RunAll();
        int passed = results.Count(result => result.Passed);
        int failed = results.Count - passed;
        File.WriteAllText(options.ResultPath, $"{{\"Passed\": {passed}, \"Failed\": {failed}}}");
        Console.WriteLine($"Mono smoke: {passed} of {results.Count} checks passed.");
        return failed > 0 ? 1 : 0;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var requested = new AssemblyName(args.Name);
        ShippedAssembly? file = DependencyResolver.Choose(requested, _shipped);
        if (file is null)
        {
            return null;
        }

        lock (Bridged)
        {
            Bridged.Add($"{requested.Name} {requested.Version} -> {file.Name.Version}");
        }

        return Assembly.LoadFrom(file.Path);
    }

    private static string RuntimeDescription()
    {
        Type? mono = Type.GetType("Mono.Runtime");
        string? version = mono?.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, null) as string;
        return version is null ? System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription : $"Mono {version}";
    }
}

internal sealed class Options
{
    public string ModulePath { get; private set; } = string.Empty;

    public string DotnetPath { get; private set; } = "dotnet";

    public string ResultPath { get; private set; } = "mono-smoke.json";

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--module": options.ModulePath = args[i + 1]; break;
                case "--dotnet": options.DotnetPath = args[i + 1]; break;
                case "--result": options.ResultPath = args[i + 1]; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (options.ModulePath.Length == 0)
        {
            throw new ArgumentException("--module DIR (the built out/OptiX.DataConnections) is required.");
        }

        return options;
    }
}

internal sealed class CheckResult
{
    public CheckResult(string name, bool passed, string detail)
    {
        Name = name;
        Passed = passed;
        Detail = detail;
    }

    public string Name { get; }

    public bool Passed { get; }

    public string Detail { get; }
}

/// <summary>The emulator, run as its own process (.NET 10) on a free loopback port.</summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static EmulatorProcess Start(string dotnet, string emulatorDll, string arguments)
    {
        var start = new ProcessStartInfo(dotnet, $"\"{emulatorDll}\" --port 0 --exit-on-stdin-close {arguments}")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dotnet}.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        const string baseLine = "Base URI: ";
        Uri? baseUri = null;
        while (process.StandardOutput.ReadLine() is string line)
        {
            if (line.StartsWith(baseLine, StringComparison.Ordinal))
            {
                baseUri = new Uri(line.Substring(baseLine.Length).Trim());
            }
            else if (line.StartsWith("Now listening on: ", StringComparison.Ordinal) && baseUri is not null)
            {
                var emulator = new EmulatorProcess(process, baseUri);
                _ = Task.Run(() => { while (process.StandardOutput.ReadLine() is not null) { } });
                return emulator;
            }
        }

        throw new InvalidOperationException($"The emulator exited (code {(process.WaitForExit(5000) ? process.ExitCode : -1)}) before it listened.");
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10000))
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
