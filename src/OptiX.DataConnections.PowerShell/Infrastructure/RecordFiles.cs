using System.Management.Automation;
using System.Text;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Records;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>What the cmdlets that stream records from files share: resolving paths, opening readers, re-pipeable records.</summary>
internal static class RecordFiles
{
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path, bool literal)
    {
        if (literal)
        {
            return [cmdlet.GetUnresolvedProviderPathFromPSPath(path)];
        }

        try
        {
            return cmdlet.GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (ItemNotFoundException ex)
        {
            cmdlet.WriteError(new ErrorRecord(ex, "FileNotFound", ErrorCategory.ObjectNotFound, path));
            return [];
        }
    }

    /// <summary>The file's reader, or null after writing a FileUnreadable error.</summary>
    public static RecordFileReader? Open(PSCmdlet cmdlet, string file, RecordFileFormat format, Encoding? encoding, char? delimiter)
    {
        var reader = TryOpen(file, format, encoding, delimiter, out var problem);
        if (problem is not null)
        {
            cmdlet.WriteError(new ErrorRecord(problem, "FileUnreadable", ErrorCategory.ReadError, file));
        }

        return reader;
    }

    /// <summary>The file's reader, or null with why it cannot be opened (a missing file, an unknown extension...).</summary>
    public static RecordFileReader? TryOpen(string file, RecordFileFormat format, Encoding? encoding, char? delimiter, out Exception? problem)
    {
        problem = null;
        try
        {
            return RecordFileReader.Open(file, format, encoding, delimiter);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            problem = ex;
            return null;
        }
    }

    /// <summary>A record from a file as an object to re-pipe: its fields as properties.</summary>
    public static PSObject ToPSObject(FileRecord record) => ToPSObject(record.Fields ?? []);

    /// <summary>Fields as an object to re-pipe: a PSCustomObject with a note property a field, in order.</summary>
    public static PSObject ToPSObject(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        var result = new PSObject();
        foreach (var field in fields)
        {
            // Nested JSON arrives as the core's JSON objects, which must not reach PowerShell: plain values instead.
            result.Properties.Add(new PSNoteProperty(field.Key, JsonToPSObject.Convert(PlainJson.FromValue(field.Value))));
        }

        return result;
    }

    public static void WarnIfUndecodable(PSCmdlet cmdlet, RecordFileReader reader, string file, Encoding? encoding)
    {
        if (reader.SawUndecodableText)
        {
            cmdlet.WriteWarning($"'{file}' holds bytes that are not valid {(encoding ?? new UTF8Encoding(false)).WebName} text; they were read as U+FFFD. If the file is in another encoding, give -Encoding (for example latin1).");
        }
    }
}
