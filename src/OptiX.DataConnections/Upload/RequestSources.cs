using OptiX.DataConnections.Files;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// The input objects of one request, kept until it has ended so that any record can be handed back as it was given.
/// A file record is kept as no object at all (its file and number; its fields are in the request's JSON): thousands of
/// records held alive while requests are in flight would cost the garbage collector more than reading them did.
/// </summary>
internal sealed class RequestSources
{
    private readonly List<object?> _given = [];
    private readonly List<long> _numbers = [];
    private readonly List<(int From, string Path)> _files = [];

    public int Count => _given.Count;

    public void Add(object source)
    {
        if (source is FileRecord { Fields: not null, Error: null } record)
        {
            if (_files.Count == 0 || !ReferenceEquals(_files[_files.Count - 1].Path, record.Path))
            {
                _files.Add((_given.Count, record.Path));
            }

            _given.Add(null);
            _numbers.Add(record.Number);
            return;
        }

        _given.Add(source);
        _numbers.Add(0);
    }

    /// <summary>Source <paramref name="index"/> as it was given, a file record's fields read back from <paramref name="records"/>.</summary>
    public object Get(int index, EncodedRecords records) =>
        _given[index] ?? FileRecord.Read(PathOf(index), _numbers[index], EncodedRecords.FieldsOf(records.Record(index)));

    public IReadOnlyList<object> Range(int start, int end, EncodedRecords records)
    {
        var sources = new List<object>(end - start);
        for (var i = start; i < end; i++)
        {
            sources.Add(Get(i, records));
        }

        return sources;
    }

    private string PathOf(int index)
    {
        for (var i = _files.Count - 1; i >= 0; i--)
        {
            if (_files[i].From <= index)
            {
                return _files[i].Path;
            }
        }

        throw new InvalidOperationException($"Source {index} is not a file record.");
    }
}
