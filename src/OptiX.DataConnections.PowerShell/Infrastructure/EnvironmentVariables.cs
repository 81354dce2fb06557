using System.Security;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>The environment variables that stand in for parameters in runbooks: an empty one counts as not set.</summary>
internal static class EnvironmentVariables
{
    public static string? Value(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    public static SecureString? Secret(string name) =>
        Value(name) is { } value ? SecureStrings.FromPlainText(value) : null;
}
