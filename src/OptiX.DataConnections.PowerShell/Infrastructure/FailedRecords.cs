using System.Management.Automation;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>What the Send- cmdlets write to -FailedRecordPath: each record not stored, with its error id and reason.</summary>
internal static class FailedRecords
{
    /// <summary>Writes the record of <paramref name="error"/>; call it before WriteError, which ends the command under -ErrorAction Stop.</summary>
    public static void Write(FailedRecordWriter? writer, ErrorRecord error, object? record, IReadOnlyList<KeyValuePair<string, object?>>? fields) =>
        Write(writer, error.FullyQualifiedErrorId.Split(',')[0], error.ErrorDetails?.Message ?? error.Exception.Message, record, fields);

    /// <summary>Writes a record, its fields read from it when not given (a piped object or a file record).</summary>
    public static void Write(FailedRecordWriter? writer, string errorId, string reason, object? record, IReadOnlyList<KeyValuePair<string, object?>>? fields) =>
        writer?.Write(errorId, reason, fields ?? FieldsOf(record));

    private static IReadOnlyList<KeyValuePair<string, object?>>? FieldsOf(object? record)
    {
        switch (record)
        {
            case null:
                return null;
            case FileRecord file:
                return file.Fields;
            case RestoredRecord restored:
                return restored.Fields;
            default:
                try
                {
                    return RecordConverter.ToFields(record);
                }
                catch (ArgumentException)
                {
                    return null;
                }
        }
    }
}
