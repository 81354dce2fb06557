using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>Lets -Encoding take the names PowerShell users know (utf8, utf8BOM, unicode, latin1...), a code page or an Encoding.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
{
    public static readonly string[] Names = ["utf8", "utf8BOM", "utf8NoBOM", "ascii", "unicode", "bigendianunicode", "utf32", "latin1"];

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null or Encoding => value,
            int codePage => Encoding.GetEncoding(codePage),
            string name => FromName(name),
            _ => throw new ArgumentTransformationMetadataException($"'{value}' is not an encoding."),
        };
    }

    private static Encoding FromName(string name) => name.ToLowerInvariant() switch
    {
        "utf8" or "utf8nobom" or "utf-8" => new UTF8Encoding(false),
        "utf8bom" => new UTF8Encoding(true),
        "ascii" => Encoding.ASCII,
        "unicode" or "utf-16" => Encoding.Unicode,
        "bigendianunicode" => Encoding.BigEndianUnicode,
        "utf32" => Encoding.UTF32,
        "latin1" or "iso-8859-1" => Encoding.GetEncoding(28591),
        _ when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var codePage) => Encoding.GetEncoding(codePage),
        _ => GetByName(name),
    };

    private static Encoding GetByName(string name)
    {
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            throw new ArgumentTransformationMetadataException($"'{name}' is not an encoding; use one of {string.Join(", ", Names)}, or a code page.");
        }
    }
}
