using System.Collections;
using System.Management.Automation;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.PowerShell.Cmdlets;

/// <summary>Starts the local Data Connections emulator shipped with the module and connects the session to it.</summary>
[Cmdlet(VerbsLifecycle.Start, "DCEmulator", HelpUri = HelpLinks.StartDCEmulator)]
[OutputType(typeof(EmulatorInfo))]
public sealed class StartDCEmulatorCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The loopback port; 0 picks a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>The SQLite file; by default a new temporary file, removed when the emulator stops.</summary>
    [Parameter]
    public string? DataPath { get; set; }

    /// <summary>Faults to inject, for rehearsing failure, e.g. 'upload_data:429=0.1,503=0.05;seed=42' (see about_OptiX_DataConnections).</summary>
    [Parameter]
    [Alias("Faults")]
    public string? FaultSpec { get; set; }

    /// <summary>Monetate API users and their public keys (a PEM file path or PEM text), e.g. @{ 'feed-user' = './feed-user.pub.pem' }.</summary>
    [Parameter]
    public IDictionary? MonetateUser { get; set; }

    /// <summary>The Monetate retailer short name the emulator serves (default 'emulator').</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Retailer { get; set; }

    /// <summary>
    /// How the emulator shapes the answers the vendor's guides do not show: Documented (our reading, the default) or
    /// Variant (another plausible service: wrapped lists, records under data, epoch timestamps, 200 instead of 201/204),
    /// to rehearse a runbook against more than one reading of the guides.
    /// </summary>
    [Parameter]
    [ValidateSet("Documented", "Variant", IgnoreCase = true)]
    public string AnswerShape { get; set; } = "Documented";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Reveals the emulator's API key in the message on how to connect another shell (by default it is left out).</summary>
    [Parameter]
    public SwitchParameter Reveal { get; set; }

    internal static EmulatorProcess? Running { get; set; }

    protected override void EndProcessing()
    {
        if (Running is { HasExited: false })
        {
            ThrowTerminatingError(ErrorRecords.Create(
                $"An emulator started by this session is already running at {Running.BaseUri}. Stop it with Stop-DCEmulator first.",
                "EmulatorAlreadyRunning",
                ErrorCategory.ResourceExists,
                Running.BaseUri));
        }

        var dataPath = string.IsNullOrEmpty(DataPath) ? null : GetUnresolvedProviderPathFromPSPath(DataPath);
        EmulatorProcess emulator;
        try
        {
            emulator = EmulatorProcess.Start(EmulatorProcess.DefaultEmulatorPath, Port, dataPath, FaultSpec, ExtraArguments(), TimeSpan.FromSeconds(60), _cancellation.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or TimeoutException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "EmulatorStartFailed", ErrorCategory.ResourceUnavailable, EmulatorProcess.DefaultEmulatorPath));
            return;
        }

        Running = emulator;
        var credentials = new OptiXCredentials(SecureStrings.FromPlainText(emulator.ApiKey), SecureStrings.FromPlainText(emulator.BrandKey));
        DCSessionStore.Set(new OptiXSession(emulator.BaseUri, credentials));
        WriteVerbose($"The emulator (process {emulator.ProcessId}) listens at {emulator.BaseUri}; this session is connected to it with its development keys.");
        if (PassThru)
        {
            WriteObject(new EmulatorInfo(emulator, Retailer ?? "emulator"));
        }
        else
        {
            // Shown like Write-Host (and like it, silenced with -InformationAction Ignore or redirected with 6>).
            WriteInformation(new HostInformationMessage { Message = ConnectHint(emulator, Reveal) }, new[] { "PSHOST" });
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Where the emulator listens and the command that connects another shell to it; the API key only when asked for.</summary>
    internal static string ConnectHint(EmulatorProcess emulator, bool showApiKey)
    {
        var apiKey = showApiKey
            ? $"'{emulator.ApiKey.Replace("'", "''")}'"
            : "(Read-Host -AsSecureString 'API key')";
        var hint = showApiKey ? string.Empty : " (Start-DCEmulator -Reveal shows the API key)";
        return $"The emulator listens at {emulator.BaseUri} (process {emulator.ProcessId}); this session is connected to it."
            + Environment.NewLine
            + $"Another shell connects with{hint}:"
            + Environment.NewLine
            + $"  Connect-DCService -BaseUri '{emulator.BaseUri}' -BrandKey '{emulator.BrandKey}' -ApiKey {apiKey}"
            + Environment.NewLine
            + "Stop-DCEmulator stops it; so does closing this PowerShell.";
    }

    private List<string> ExtraArguments()
    {
        var arguments = new List<string> { "--answer-shape", AnswerShape.ToLowerInvariant() };
        foreach (DictionaryEntry user in MonetateUser ?? new Hashtable())
        {
            var key = (user.Value is PSObject p ? p.BaseObject : user.Value)?.ToString() ?? string.Empty;
            if (!key.Contains("-----BEGIN"))
            {
                key = GetUnresolvedProviderPathFromPSPath(key);
            }

            arguments.Add("--monetate-user");
            arguments.Add($"{user.Key}={key}");
        }

        if (Retailer is not null)
        {
            arguments.Add("--retailer");
            arguments.Add(Retailer);
        }

        return arguments;
    }

    public void Dispose() => _cancellation.Dispose();
}
