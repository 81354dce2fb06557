using OptiX.DataConnections.Files;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// Checks a file before anything of it is sent: a CSV whose header, or a JSON file whose first records, lack a field
/// every record needs (the primary key) cannot send a single record, so it is one error naming the field and the
/// fields found, not one error a record. Records that lack the field among others that have it are refused one by one.
/// </summary>
public static class FileFieldCheck
{
    /// <summary>How many records of a JSON or NDJSON file are looked at (a CSV's first record shows its header).</summary>
    public const int JsonRecordsLookedAt = 100;

    /// <summary>How many records to read ahead for <see cref="Problem"/>.</summary>
    public static int RecordsToRead(RecordFileFormat format) => format == RecordFileFormat.Csv ? 1 : JsonRecordsLookedAt;

    /// <summary>Why nothing of the file can be sent, or null; <paramref name="first"/> are its first records (bad ones included).</summary>
    public static string? Problem(IUploadAdapter adapter, string path, RecordFileFormat format, IReadOnlyList<FileRecord> first)
    {
        var read = first.Where(r => r.Fields is not null).ToList();
        if (read.Count == 0)
        {
            return null;
        }

        var name = System.IO.Path.GetFileName(path);
        if (format == RecordFileFormat.Csv)
        {
            var columns = read[0].Fields!.Select(f => f.Key).ToList();
            var missing = adapter.MissingFields(columns);
            return missing.Count == 0
                ? null
                : $"'{name}' cannot be sent: its header has no column {string.Join(" or ", missing)}, which every record needs. Columns found: {Names(columns)}.";
        }

        // Sent if any of the first records can be: those without the field are then refused one by one.
        var seen = new List<string>();
        IReadOnlyList<string>? lacking = null;
        foreach (var record in read)
        {
            var names = record.Fields!.Select(f => f.Key).ToList();
            var missing = adapter.MissingFields(names);
            if (missing.Count == 0)
            {
                return null;
            }

            lacking ??= missing;
            foreach (var field in names)
            {
                if (!seen.Contains(field, StringComparer.Ordinal))
                {
                    seen.Add(field);
                }
            }
        }

        var bad = first.Count - read.Count;
        var wholeFile = first.Count < RecordsToRead(format);
        var which = bad > 0 ? $"none of the {read.Count} records among its first {first.Count} entries has"
            : !wholeFile ? $"none of its first {read.Count} records has"
            : read.Count == 1 ? "its only record lacks"
            : $"none of its {read.Count} records has";
        return $"'{name}' cannot be sent: {which} the field {string.Join(" or ", lacking!)}, which every record needs. Fields found: {Names(seen)}.";
    }

    private static string Names(IReadOnlyList<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Take(40)) + (names.Count > 40 ? $" and {names.Count - 40} more" : string.Empty);
}
