using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>
/// The emulator shipped in the module folder, run as a child process. It stops when its standard input closes, so it
/// never outlives the PowerShell process that started it.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private static readonly Regex ListeningLine = new(@"^Now listening on: (?<uri>\S+)", RegexOptions.Compiled);
    private static readonly Regex BaseUriLine = new(@"^Base URI: (?<uri>\S+)", RegexOptions.Compiled);
    private static readonly Regex KeysLine = new(@"^Brand key: (?<brand>\S+)\s+API key: (?<api>\S+)", RegexOptions.Compiled);
    private static readonly Regex DataLine = new(@"^Data: (?<path>.+)$", RegexOptions.Compiled);
    private static readonly Regex AdminKeyLine = new(@"^Admin key: (?<key>\S+)", RegexOptions.Compiled);

    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseUri, string brandKey, string apiKey, string dataPath, string? adminKey)
    {
        _process = process;
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

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static string DefaultEmulatorPath =>
        Path.Combine(Path.GetDirectoryName(typeof(EmulatorProcess).Assembly.Location)!, "emulator", "OptiX.DataConnections.Emulator.dll");

    public static EmulatorProcess Start(string emulatorDll, int port, string? dataPath, string? faults, IEnumerable<string> moreArguments, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(emulatorDll))
        {
            throw new FileNotFoundException($"The emulator was not found at '{emulatorDll}'. Build the module with './build.ps1 -Task Build'.", emulatorDll);
        }

        var arguments = new StringBuilder().Append(Quote(emulatorDll)).Append(" --port ").Append(port).Append(" --exit-on-stdin-close");
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

    public void Stop(TimeSpan gracePeriod)
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already gone.
            }

            if (!_process.WaitForExit((int)gracePeriod.TotalMilliseconds))
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
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
                return new EmulatorProcess(process, baseUri, brand, api, data ?? string.Empty, admin);
            }
        }
    }

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
