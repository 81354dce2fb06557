using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace OptiX.DataConnections.Bench;

/// <summary>
/// One program run as a whole process, measured from outside: wall time from start to exit (the runtime's start-up,
/// PowerShell's and Import-Module included) and the process's peak memory. Its standard output goes to a file.
/// </summary>
internal static class WholeProcess
{
    public sealed record Measurement(double WallSeconds, long PeakBytes, double? CpuSeconds, int ExitCode);

    /// <summary>measure [--stdout FILE] -- PROGRAM ARG...: prints one JSON line.</summary>
    public static int Run(string[] args)
    {
        var split = Array.IndexOf(args, "--");
        if (split < 0 || split == args.Length - 1)
        {
            throw new ArgumentException("measure needs -- PROGRAM [ARG...]");
        }

        var options = Arguments.Parse(args[..split]);
        var stdout = options.Find("stdout");
        var measurement = Measure(args[split + 1], args[(split + 2)..], stdout);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            wall = measurement.WallSeconds,
            peakBytes = measurement.PeakBytes,
            cpu = measurement.CpuSeconds,
            exitCode = measurement.ExitCode,
        }));
        return 0;
    }

    /// <summary>
    /// Runs the program to its end. Linux and macOS: the peak is getrusage(RUSAGE_CHILDREN).ru_maxrss once the child
    /// was waited for, so nothing is sampled and nothing is missed; a process measures one child, so the maximum over
    /// its children is that child's. Windows: PeakWorkingSet64, read until the process exits.
    /// </summary>
    public static Measurement Measure(string program, IReadOnlyList<string> arguments, string? stdoutPath)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var output = stdoutPath is null ? null : new StreamWriter(stdoutPath);
        var before = OperatingSystem.IsWindows() ? default : ChildUsage.Read();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var copy = Task.Run(async () =>
        {
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
            {
                output?.WriteLine(line);
            }
        });

        long peak = 0;
        double? cpu = null;
        if (OperatingSystem.IsWindows())
        {
            while (!process.WaitForExit(50))
            {
                try
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.PeakWorkingSet64);
                    cpu = process.TotalProcessorTime.TotalSeconds;
                }
                catch (InvalidOperationException)
                {
                    // Exited between the two calls.
                }
            }
        }

        process.WaitForExit();
        var wall = watch.Elapsed.TotalSeconds;
        copy.Wait();
        if (!OperatingSystem.IsWindows())
        {
            var after = ChildUsage.Read();
            peak = after.MaxRssBytes;
            cpu = after.CpuSeconds - before.CpuSeconds;
        }

        return new Measurement(wall, peak, cpu, process.ExitCode);
    }

    /// <summary>getrusage(RUSAGE_CHILDREN): the resources of the children this process has waited for.</summary>
    private readonly record struct ChildUsage(long MaxRssBytes, double CpuSeconds)
    {
        private const int RusageChildren = -1;

        public static ChildUsage Read()
        {
            if (GetRusage(RusageChildren, out var usage) != 0)
            {
                throw new InvalidOperationException($"getrusage failed ({Marshal.GetLastPInvokeError()}).");
            }

            // Linux counts ru_maxrss in kilobytes, macOS in bytes.
            var rss = OperatingSystem.IsMacOS() ? usage.MaxRss : usage.MaxRss * 1024;
            return new ChildUsage(rss, usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6));
        }

        [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
        private static extern int GetRusage(int who, out Rusage usage);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        // struct timeval: the microseconds are a long on Linux, an int and padding on macOS; both fit the low half.
        public long UserSeconds;
        public int UserMicroseconds;
        public int UserPadding;
        public long SystemSeconds;
        public int SystemMicroseconds;
        public int SystemPadding;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NVcsw;
        public long NIvcsw;
    }
}
