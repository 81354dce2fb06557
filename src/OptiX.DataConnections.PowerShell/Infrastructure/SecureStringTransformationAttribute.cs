using System.Management.Automation;
using System.Security;
using OptiX.DataConnections.Security;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Lets a SecureString parameter take plain text too, converting it at once.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            SecureString secure => secure,
            string text => SecureStrings.FromPlainText(text),
            null => null,
            _ => throw new ArgumentTransformationMetadataException("Give the key as a SecureString or a string."),
        };
    }
}
