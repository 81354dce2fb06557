using System.Text;
using CsvHelper;

namespace OptiX.DataConnections.Files;

/// <summary>
/// CSV with a header row, through CsvHelper; every value is a string, as Import-Csv gives it. A row with more or fewer
/// fields than the header is a bad record; malformed quoting stops the file, since nothing after it can be trusted.
/// </summary>
public sealed class CsvRecordFileReader : RecordFileReader
{
    private readonly CsvReader _csv;
    private string[]? _headers;
    private long _number;
    private bool _stopped;

    public CsvRecordFileReader(string path, Encoding? encoding, char delimiter)
        : base(path)
    {
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Throw,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
        };
        _csv = encoding is null || encoding is UTF8Encoding
            ? CsvReader.Create(Stream, options, leaveOpen: true)
            : CsvReader.Create(OpenText(encoding), options, leaveOpen: false);
    }

    public override FileRecord? Read()
    {
        if (_stopped)
        {
            return null;
        }

        try
        {
            if (!_csv.Read())
            {
                if (_headers is null && _csv.Headers is not { Count: > 0 })
                {
                    _stopped = true;
                    return FileRecord.Bad(Path, 0, "The file has no header row: a CSV file needs one naming the fields.");
                }

                return null;
            }

            _headers ??= _csv.Headers.Select(h => h.TrimStart('\uFEFF')).ToArray();
            _number++;
            if (_csv.FieldCount != _headers.Length)
            {
                return FileRecord.Bad(Path, _number, $"Line {_csv.LineNumber} has {_csv.FieldCount} field(s) but the header has {_headers.Length}.");
            }

            var fields = new KeyValuePair<string, object?>[_headers.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                var value = _csv.GetString(i);
                if (!SawUndecodableText && value.IndexOf('\uFFFD') >= 0)
                {
                    SawUndecodableText = true;
                }

                fields[i] = new KeyValuePair<string, object?>(_headers[i], value);
            }

            return FileRecord.Read(Path, _number, fields);
        }
        catch (CsvFormatException ex)
        {
            _stopped = true;
            return FileRecord.Bad(Path, _number + 1, $"Malformed CSV near line {ex.LineNumber}: {ex.Message} Reading of this file stopped here.");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _csv.Dispose();
        }

        base.Dispose(disposing);
    }
}
