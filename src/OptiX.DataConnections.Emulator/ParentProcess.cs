using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OptiX.DataConnections.Emulator;

/// <summary>
/// For an emulator started by a shell (<c>--parent-pid</c>): it leaves the shell's process group, so the Ctrl+C that
/// the terminal sends to the foreground group never reaches it, and it stops when the shell's process is gone.
/// </summary>
internal static class ParentProcess
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// On Unix, makes the process the leader of a new session (<c>setsid</c>), outside the terminal's foreground
    /// process group and without a controlling terminal. On Windows there is nothing to do: Start-DCEmulator starts the
    /// emulator without a console (CreateNoWindow), so the console's Ctrl+C is not delivered to it. Returns whether it
    /// is now detached (false only when setsid failed, for example because the process already leads its group).
    /// </summary>
    public static bool DetachFromTerminal()
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }
        try
        {
            return SetSid() != -1;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Cancels <paramref name="stop"/> once the process <paramref name="pid"/> has exited (checked twice a second; its
    /// start time guards against a new process that reuses the id). A process that is not running now stops at once.
    /// </summary>
    public static void StopWhenExited(int pid, CancellationTokenSource stop)
    {
        var startTime = StartTimeOf(pid);
        if (startTime is null)
        {
            stop.Cancel();
            return;
        }
        var watcher = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.Sleep(PollInterval);
                if (StartTimeOf(pid) != startTime)
                {
                    stop.Cancel();
                }
            }
        })
        { IsBackground = true, Name = "parent watcher" };
        watcher.Start();
    }

    private static DateTime? StartTimeOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static extern int SetSid();
}
