using System.Net;

namespace OptiX.DataConnections.Platform;

/// <summary>
/// The process-wide HTTP settings that .NET Framework (Windows PowerShell 5.1) takes from
/// <see cref="ServicePointManager"/>, and that .NET (PowerShell 7) ignores: which TLS versions are offered and how many
/// connections go to one host. The module's initializer applies them once at import, on .NET Framework only
/// (<see cref="AppliesTo"/>); every decision is a pure function here so that xunit tests it on every platform.
/// </summary>
/// <remarks>
/// <para>
/// TLS: Windows PowerShell's executable targets an old .NET Framework, so unless the machine sets SchUseStrongCrypto,
/// ServicePointManager.SecurityProtocol offers SSL 3 and TLS 1.0 only, and every https call to Opti-X or Monetate fails
/// as a transport error. TLS 1.2 is added, and TLS 1.3 where the runtime and Windows know it (Windows 11 and Windows
/// Server 2022, build 20348, and later); what the process already allows is kept. A process that already leaves the
/// choice to Windows (SystemDefault, 0: .NET Framework 4.7+ applications, or an administrator's AppContext switch) is
/// left alone, since Windows then offers what it supports.
/// </para>
/// <para>
/// Connections: .NET Framework allows 2 connections per host by default, but Send-DCData keeps up to -ThrottleLimit
/// (at most <see cref="ConnectionsPerHost"/>) requests in flight, and a request queued behind the limit spends its
/// per-attempt timeout waiting. The default limit is raised to <see cref="ConnectionsPerHost"/> (never lowered).
/// </para>
/// <para>
/// <c>Expect: 100-continue</c> is turned off per request by ServiceHttpClient (its default headers), on every platform,
/// so that no upload waits for a "100 Continue" the server may never send; the process-wide
/// ServicePointManager.Expect100Continue is not changed.
/// </para>
/// </remarks>
public static class NetFrameworkTransport
{
    /// <summary>The highest -ThrottleLimit a cmdlet accepts, and so the connections per host the module needs.</summary>
    public const int ConnectionsPerHost = 64;

    /// <summary>SecurityProtocolType.SystemDefault: the operating system chooses.</summary>
    public const SecurityProtocolType SystemDefault = 0;

    /// <summary>SecurityProtocolType.Tls12.</summary>
    public const SecurityProtocolType Tls12 = (SecurityProtocolType)3072;

    /// <summary>SecurityProtocolType.Tls13 (named from .NET Framework 4.8 on; netstandard2.0 does not name it).</summary>
    public const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;

    /// <summary>The first Windows build that offers TLS 1.3 by default (Windows Server 2022; Windows 11 is 22000).</summary>
    public static readonly Version FirstWindowsWithTls13 = new(10, 0, 20348);

    /// <summary>Whether these settings apply: on .NET Framework only (RuntimeInformation.FrameworkDescription).</summary>
    public static bool AppliesTo(string frameworkDescription) =>
        frameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    /// <summary>The protocols to offer, from the ones the process offers now.</summary>
    public static SecurityProtocolType SecurityProtocolFor(SecurityProtocolType current, bool tls13Available)
    {
        if (current == SystemDefault)
        {
            return current;
        }

        SecurityProtocolType wanted = current | Tls12;
        return tls13Available ? wanted | Tls13 : wanted;
    }

    /// <summary>
    /// Whether TLS 1.3 may be offered: the runtime names it (.NET Framework 4.8) and Windows offers it by default. An
    /// unknown or older Windows (an executable without a Windows 10 manifest is told 6.2) gets TLS 1.2 only: offering
    /// 1.3 where Windows lacks it makes every handshake fail.
    /// </summary>
    public static bool Tls13Available(bool runtimeNamesTls13, PlatformID platform, Version osVersion) =>
        runtimeNamesTls13 && platform == PlatformID.Win32NT && osVersion >= FirstWindowsWithTls13;

    /// <summary>The default connections per host: at least <see cref="ConnectionsPerHost"/>, never fewer than now.</summary>
    public static int ConnectionLimitFor(int current) => Math.Max(current, ConnectionsPerHost);

    /// <summary>What <see cref="Apply"/> changed, for the import's verbose output.</summary>
    public static string Describe(SecurityProtocolType before, SecurityProtocolType after, int limitBefore, int limitAfter) =>
        $"TLS: {Name(before)} -> {Name(after)}; connections per host: {limitBefore} -> {limitAfter}.";

    /// <summary>Applies the settings to this process's ServicePointManager and says what changed.</summary>
    public static string Apply()
    {
        SecurityProtocolType before = ServicePointManager.SecurityProtocol;
        bool tls13 = Tls13Available(Enum.IsDefined(typeof(SecurityProtocolType), Tls13), Environment.OSVersion.Platform, Environment.OSVersion.Version);
        SecurityProtocolType after = SecurityProtocolFor(before, tls13);
        if (after != before)
        {
            ServicePointManager.SecurityProtocol = after;
        }

        int limitBefore = ServicePointManager.DefaultConnectionLimit;
        int limitAfter = ConnectionLimitFor(limitBefore);
        if (limitAfter != limitBefore)
        {
            ServicePointManager.DefaultConnectionLimit = limitAfter;
        }

        return Describe(before, after, limitBefore, limitAfter);
    }

    private static string Name(SecurityProtocolType protocols) => protocols == SystemDefault ? "SystemDefault" : $"{(int)protocols} ({Flags(protocols)})";

    private static string Flags(SecurityProtocolType protocols)
    {
        var names = new List<string>();
        foreach (var (flag, name) in new[] { ((SecurityProtocolType)48, "Ssl3"), ((SecurityProtocolType)192, "Tls"), ((SecurityProtocolType)768, "Tls11"), (Tls12, "Tls12"), (Tls13, "Tls13") })
        {
            if ((protocols & flag) == flag)
            {
                names.Add(name);
            }
        }

        return string.Join(", ", names);
    }
}
