using System.Management.Automation;
using OptiX.DataConnections.Monetate;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Lets -DataType take the Data API's names (MULTI_STRING, GOOGLE_PRODUCT_CATEGORY) as well as the enum's (MultiString).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class MonetateDataTypeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is string name
            ? MonetateDataTypes.TryParse(name, out var type)
                ? type
                : throw new ArgumentTransformationMetadataException(
                    $"'{name}' is not a data type this module knows; use one of {string.Join(", ", MonetateDataTypes.KnownNames)}.")
            : value;
    }
}
