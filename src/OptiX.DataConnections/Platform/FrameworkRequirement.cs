namespace OptiX.DataConnections.Platform;

/// <summary>
/// The .NET Framework the module needs under Windows PowerShell 5.1: 4.7.2 or later, whose netstandard 2.0 support
/// and binding fixes the core and its dependencies rely on. The release key is Microsoft's documented test
/// (HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full, value Release); where it cannot be read, the version in
/// RuntimeInformation.FrameworkDescription (the CLR's build: 4.7.3xxx is 4.7.2) decides.
/// </summary>
public static class FrameworkRequirement
{
    /// <summary>The release key of .NET Framework 4.7.2 (461808; 461814 on some Windows versions).</summary>
    public const int MinimumReleaseKey = 461808;

    /// <summary>The lowest FrameworkDescription version of 4.7.2 (4.7.1 reports 4.7.2558 and older builds).</summary>
    public static readonly Version MinimumRuntimeVersion = new(4, 7, 3000);

    /// <summary>What to install, shown when the requirement is not met.</summary>
    public const string Remedy =
        "Install .NET Framework 4.8 (or at least 4.7.2) from Microsoft (the offline installer is ndp48-x86-x64-allos-enu.exe), restart, and import the module again; or use PowerShell 7.";

    /// <summary>The problem to report, or null when the framework is new enough (or cannot be told, then it is let through).</summary>
    public static string? Problem(int? releaseKey, string frameworkDescription)
    {
        if (releaseKey is int key)
        {
            return key >= MinimumReleaseKey ? null : $"OptiX.DataConnections needs .NET Framework 4.7.2 or later under Windows PowerShell; this machine has {NameOf(key)} (release key {key}). {Remedy}";
        }

        Version? version = RuntimeVersion(frameworkDescription);
        return version is null || version >= MinimumRuntimeVersion
            ? null
            : $"OptiX.DataConnections needs .NET Framework 4.7.2 or later under Windows PowerShell; this process runs {frameworkDescription}. {Remedy}";
    }

    /// <summary>The version in ".NET Framework 4.8.4250.0", or null for another runtime or an unreadable text.</summary>
    public static Version? RuntimeVersion(string frameworkDescription)
    {
        const string prefix = ".NET Framework ";
        if (!frameworkDescription.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string text = frameworkDescription.Substring(prefix.Length).Trim().Split(' ')[0];
        return Version.TryParse(text, out Version? version) ? version : null;
    }

    /// <summary>The release that a key stands for (Microsoft's table of minimum keys).</summary>
    public static string NameOf(int releaseKey) => releaseKey switch
    {
        >= 533320 => ".NET Framework 4.8.1",
        >= 528040 => ".NET Framework 4.8",
        >= 461808 => ".NET Framework 4.7.2",
        >= 461308 => ".NET Framework 4.7.1",
        >= 460798 => ".NET Framework 4.7",
        >= 394802 => ".NET Framework 4.6.2",
        >= 394254 => ".NET Framework 4.6.1",
        >= 393295 => ".NET Framework 4.6",
        >= 379893 => ".NET Framework 4.5.2",
        >= 378675 => ".NET Framework 4.5.1",
        >= 378389 => ".NET Framework 4.5",
        _ => "a .NET Framework older than 4.5",
    };
}
