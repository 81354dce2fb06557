using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// The emulator shipped in the module folder, run as a child process. It runs outside the shell's Ctrl+C (its own
/// session on Unix, no console on Windows: <c>--parent-pid</c>), and stops when its standard input closes or the
/// PowerShell process exits, so it never outlives the PowerShell process that started it. Its environment holds no
/// OPTIX_* or MONETATE_* variable (credentials it has no use for).
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private static readonly Regex ListeningLine = new(@"^Now listening on: (?<uri>\S+)", RegexOptions.Compiled);
    private static readonly Regex BaseUriLine = new(@"^Base URI: (?<uri>\S+)", RegexOptions.Compiled);
    private static readonly Regex KeysLine = new(@"^Brand key: (?<brand>\S+)\s+API key: (?<api>\S+)", RegexOptions.Compiled);
    private static readonly Regex DataLine = new(@"^Data: (?<path>.+)$", RegexOptions.Compiled);
    private static readonly Regex AdminKeyLine = new(@"^Admin key: (?<key>\S+)", RegexOptions.Compiled);

    /// <summary>Prefixes of the variables the child does not inherit: the user's credentials for the real services.</summary>
    internal static readonly string[] RemovedVariablePrefixes = { "OPTIX_", "MONETATE_" };

    private readonly Process _process;
    private readonly StringBuilder _errors;

    private EmulatorProcess(Process process, StringBuilder errors, Uri baseUri, string brandKey, string apiKey, string dataPath, string? adminKey)
    {
        _process = process;
        _errors = errors;
        ProcessId = process.Id;
        AdminKey = adminKey;
        BaseUri = baseUri;
        BrandKey = brandKey;
        ApiKey = apiKey;
        DataPath = dataPath;
    }

    public Uri BaseUri { get; }

    public string BrandKey { get; }

    public string ApiKey { get; }

    public string DataPath { get; }

    /// <summary>The key for the emulator's admin API (fault injection at run time).</summary>
    public string? AdminKey { get; }

    public int ProcessId { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>How it ended, for a process that has exited: "exit code N", and the last lines of its error output.</summary>
    public string ExitDescription
    {
        get
        {
            var errors = Errors(_errors);
            return $"exit code {_process.ExitCode}" + (errors.Length == 0 ? string.Empty : ". " + errors);
        }
    }

    public static string DefaultEmulatorPath =>
        Path.Combine(Path.GetDirectoryName(typeof(EmulatorProcess).Assembly.Location)!, "emulator", "OptiX.DataConnections.Emulator.dll");

    public static EmulatorProcess Start(string emulatorDll, int port, string? dataPath, string? faults, IEnumerable<string> moreArguments, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(emulatorDll))
        {
            throw new FileNotFoundException($"The emulator was not found at '{emulatorDll}'. Build the module with './build.ps1 -Task Build'.", emulatorDll);
        }

        var arguments = new StringBuilder().Append(Quote(emulatorDll)).Append(" --port ").Append(port)
            .Append(" --exit-on-stdin-close --parent-pid ").Append(Process.GetCurrentProcess().Id);
        if (!string.IsNullOrEmpty(dataPath))
        {
            arguments.Append(" --data ").Append(Quote(dataPath!));
        }

        if (!string.IsNullOrEmpty(faults))
        {
            arguments.Append(" --faults ").Append(Quote(faults!));
        }

        foreach (var argument in moreArguments)
        {
            arguments.Append(' ').Append(Quote(argument));
        }

        var startInfo = new ProcessStartInfo(FindDotnet(), arguments.ToString())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        RemoveCredentials(startInfo.Environment);
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("The emulator process did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not run '{startInfo.FileName}': the emulator needs the .NET 10 runtime with ASP.NET Core (https://dot.net). {ex.Message}", ex);
        }

        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
                if (errors.Length > MaxErrorText)
                {
                    errors.Remove(0, errors.Length - MaxErrorText);
                }
            }
        };
        process.BeginErrorReadLine();
        try
        {
            return ReadStartup(process, errors, startTimeout, cancellationToken);
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Closes its standard input (it then stops cleanly and removes a temporary data file), and kills it if it has not
    /// stopped within <paramref name="gracePeriod"/>. Says what it found.
    /// </summary>
    public EmulatorStopOutcome Stop(TimeSpan gracePeriod)
    {
        if (_process.HasExited)
        {
            return EmulatorStopOutcome.AlreadyExited;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (_process.WaitForExit((int)gracePeriod.TotalMilliseconds))
        {
            return EmulatorStopOutcome.Stopped;
        }

        _process.Kill();
        _process.WaitForExit(5000);
        return EmulatorStopOutcome.Killed;
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private static EmulatorProcess ReadStartup(Process process, StringBuilder errors, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? brand = null, api = null, data = null, admin = null;
        Uri? baseUri = null;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lineTask = process.StandardOutput.ReadLineAsync();
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || !lineTask.Wait(remaining))
            {
                throw new TimeoutException($"The emulator did not start within {timeout.TotalSeconds:0} s. {Errors(errors)}");
            }

            var line = lineTask.Result;
            if (line is null)
            {
                process.WaitForExit(2000);
                throw new InvalidOperationException($"The emulator exited during start-up (exit code {(process.HasExited ? process.ExitCode : -1)}). {Errors(errors)}");
            }

            if (KeysLine.Match(line) is { Success: true } keys && brand is null)
            {
                brand = keys.Groups["brand"].Value;
                api = keys.Groups["api"].Value;
            }
            else if (BaseUriLine.Match(line) is { Success: true } b)
            {
                baseUri = new Uri(b.Groups["uri"].Value);
            }
            else if (DataLine.Match(line) is { Success: true } d)
            {
                data = d.Groups["path"].Value.Trim();
            }
            else if (AdminKeyLine.Match(line) is { Success: true } a)
            {
                admin = a.Groups["key"].Value;
            }
            else if (ListeningLine.Match(line) is { Success: true } listening)
            {
                baseUri ??= new Uri(new Uri(listening.Groups["uri"].Value), "/api/data-connections/v1");
                if (brand is null || api is null)
                {
                    throw new InvalidOperationException("The emulator did not print its development keys.");
                }

                // Keep draining stdout so that the child never blocks on a full pipe.
                var output = process.StandardOutput;
                _ = Task.Run(async () =>
                {
                    while (await output.ReadLineAsync().ConfigureAwait(false) is not null)
                    {
                    }
                });
                return new EmulatorProcess(process, errors, baseUri, brand, api, data ?? string.Empty, admin);
            }
        }
    }

    /// <summary>Removes the variables named by <see cref="RemovedVariablePrefixes"/> (case-insensitively, as Windows names are).</summary>
    internal static void RemoveCredentials(IDictionary<string, string> environment)
    {
        foreach (var name in environment.Keys.ToList())
        {
            if (RemovedVariablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                environment.Remove(name);
            }
        }
    }

    private const int MaxErrorText = 2000;

    private static string Errors(StringBuilder errors)
    {
        lock (errors)
        {
            var text = errors.ToString().Trim();
            return text.Length == 0 ? string.Empty : "Its error output: " + text;
        }
    }

    private static string FindDotnet()
    {
        var current = Process.GetCurrentProcess().MainModule?.FileName;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        var executable = Path.DirectorySeparatorChar == '\\' ? "dotnet.exe" : "dotnet";
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, executable)))
        {
            return Path.Combine(root, executable);
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory.Trim(), executable);
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return executable;
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\\\"") + "\"";
}

/// <summary>What <see cref="EmulatorProcess.Stop"/> found.</summary>
internal enum EmulatorStopOutcome
{
    /// <summary>It had exited before (see <see cref="EmulatorProcess.ExitDescription"/>).</summary>
    AlreadyExited,

    /// <summary>It stopped cleanly when asked.</summary>
    Stopped,

    /// <summary>It did not stop within the grace period and was killed.</summary>
    Killed,
}
