using System.Diagnostics;

namespace OptiX.DataConnections.Bench;

/// <summary>This program's discard endpoint in a process of its own, so that its work is not counted in the caller's.</summary>
internal sealed class DiscardProcess : IDisposable
{
    private readonly Process _process;

    private DiscardProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static DiscardProcess Start()
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The program's path is not known.");
        var info = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(DiscardProcess).Assembly.Location);
        }

        info.ArgumentList.Add("discard");
        var process = Process.Start(info) ?? throw new InvalidOperationException("The discard server did not start.");
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            if (line.StartsWith("Base URI: ", StringComparison.Ordinal))
            {
                return new DiscardProcess(process, new Uri(line["Base URI: ".Length..].Trim()));
            }
        }

        process.Dispose();
        throw new InvalidOperationException("The discard server did not start.");
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
