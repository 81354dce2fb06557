using System.Diagnostics;

namespace OptiX.DataConnections.Emulator.Tests.Infrastructure;

/// <summary>Starts the emulator executable the way scripts do and reads its banner.</summary>
public static class EmulatorProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(EmulatorHost).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("The emulator process did not start.");
    }

    /// <summary>The banner's lines, up to and including the last one, <c>Now listening on: ...</c>.</summary>
    public static async Task<List<string>> ReadBannerAsync(Process process)
    {
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(Timeout) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("Now listening on:", StringComparison.Ordinal))
            {
                break;
            }
        }
        return lines;
    }

    public static void StopIfRunning(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
    }
}
