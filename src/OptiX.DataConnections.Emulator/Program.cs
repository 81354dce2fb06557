using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using OptiX.DataConnections.Emulator;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

if (options.ParentProcessId is not null && !ParentProcess.DetachFromTerminal())
{
    Console.Error.WriteLine("Warning: could not leave the terminal's process group; Ctrl+C in the shell may stop the emulator.");
}

RunningEmulator emulator;
try
{
    emulator = await EmulatorHost.StartAsync(options);
}
catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException)
{
    // A port in use, an unwritable or foreign data file: say so in one line rather than with a stack trace.
    Console.Error.WriteLine($"Could not start the emulator: {exception.Message}");
    return 1;
}

await using (emulator)
{
    // Before the banner: a caller may signal as soon as it reads the listening line.
    // Not disposed: the stdin watcher may still cancel it while the process exits.
    var stop = new CancellationTokenSource();
    // Owned by a shell, Ctrl+C belongs to the shell: the emulator stops with it (or with SIGTERM), not on SIGINT.
    using var interrupt = options.ParentProcessId is null
        ? StopOnSignal(PosixSignal.SIGINT, stop)
        : PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
    using var terminate = StopOnSignal(PosixSignal.SIGTERM, stop);

    var version = typeof(EmulatorHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
    WriteLine($"OptiX Data Connections emulator {version.Split('+')[0]}");
    WriteLine($"Data: {emulator.DataPath}");
    foreach (var (brandKey, apiKey) in options.EffectiveBrands())
    {
        WriteLine($"Brand key: {brandKey}  API key: {apiKey}");
    }
    WriteLine($"Base URI: {emulator.BaseUri}");
    if (emulator.Faults is { } faults)
    {
        WriteLine($"Faults: {faults.Spec}  Seed: {faults.Seed}");
    }
    WriteLine($"Admin key: {emulator.AdminKey}");
    // Last, because scripts wait for this line.
    WriteLine($"Now listening on: {emulator.RootUri.GetLeftPart(UriPartial.Authority)}");

    if (options.ExitOnStdinClose)
    {
        StopWhenStandardInputEnds(stop);
    }
    if (options.ParentProcessId is { } parent)
    {
        ParentProcess.StopWhenExited(parent, stop);
    }
    await emulator.WaitForShutdownAsync(stop.Token);
}
return 0;

// The first Ctrl+C or SIGTERM shuts down cleanly; a second one ends the process the default way.
static PosixSignalRegistration StopOnSignal(PosixSignal signal, CancellationTokenSource stop) =>
    PosixSignalRegistration.Create(signal, context =>
    {
        context.Cancel = !stop.IsCancellationRequested;
        stop.Cancel();
    });

// Reading the console blocks, so it gets a thread of its own rather than a thread-pool thread.
static void StopWhenStandardInputEnds(CancellationTokenSource stop)
{
    var watcher = new Thread(() =>
    {
        using var input = Console.OpenStandardInput();
        input.CopyTo(Stream.Null);
        stop.Cancel();
    })
    { IsBackground = true, Name = "stdin watcher" };
    watcher.Start();
}

static void WriteLine(string line)
{
    Console.Out.WriteLine(line);
    Console.Out.Flush();
}

public partial class Program;
