using OptiX.DataConnections.Files;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// The input objects of one request, kept until it has ended so that any record can be handed back as it was given.
/// A file record, or a record given as its fields alone (no source), is kept as no object at all: its place, with its
/// fields in the request's JSON. Thousands of records held alive while requests are in flight would cost the garbage
/// collector more than reading and sending them did.
/// </summary>
internal sealed class RequestSources
{
    private readonly List<object?> _given = [];
    private readonly List<long> _numbers = [];
    private readonly List<(int From, string? Path)> _files = [];

    public int Count => _given.Count;

    /// <param name="source">The input object, or null when the fields are the whole record.</param>
    /// <param name="position">The record's place in the input, counted from 1.</param>
    /// <param name="keepFileRecord">True to keep a file record as it is (what was sent differs from what was read).</param>
    public void Add(object? source, long position, bool keepFileRecord = false)
    {
        if (!keepFileRecord && source is FileRecord { Fields: not null, Error: null } record)
        {
            Place(record.Path);
            _given.Add(null);
            _numbers.Add(record.Number);
            return;
        }

        if (source is null)
        {
            Place(null);
        }

        _given.Add(source);
        _numbers.Add(source is null ? position : 0);
    }

    /// <summary>Source <paramref name="index"/> as it was given, a file record's fields read back from <paramref name="records"/>.</summary>
    public object Get(int index, EncodedRecords records)
    {
        if (_given[index] is { } given)
        {
            return given;
        }

        var fields = EncodedRecords.FieldsOf(records.Record(index));
        return PathOf(index) is { } path ? FileRecord.Read(path, _numbers[index], fields) : new RestoredRecord(_numbers[index], fields);
    }

    public IReadOnlyList<object> Range(int start, int end, EncodedRecords records)
    {
        var sources = new List<object>(end - start);
        for (var i = start; i < end; i++)
        {
            sources.Add(Get(i, records));
        }

        return sources;
    }

    // The file of the records from an index on (null: records given as their fields), noted where it changes.
    private void Place(string? path)
    {
        if (_files.Count == 0 || !ReferenceEquals(_files[_files.Count - 1].Path, path))
        {
            _files.Add((_given.Count, path));
        }
    }

    private string? PathOf(int index)
    {
        for (var i = _files.Count - 1; i >= 0; i--)
        {
            if (_files[i].From <= index)
            {
                return _files[i].Path;
            }
        }

        return null;
    }
}
