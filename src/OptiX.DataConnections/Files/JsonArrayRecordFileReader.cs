using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Files;

/// <summary>A top-level JSON array of objects, read one element at a time: the file is never loaded whole.</summary>
public sealed class JsonArrayRecordFileReader : RecordFileReader
{
    private readonly JsonTextReader _json;
    private long _number;
    private bool _started;
    private bool _stopped;

    public JsonArrayRecordFileReader(string path, Encoding? encoding)
        : base(path)
    {
        _json = new JsonTextReader(OpenText(encoding))
        {
            DateParseHandling = DateParseHandling.None,
            CloseInput = true,
        };
    }

    public override FileRecord? Read()
    {
        if (_stopped)
        {
            return null;
        }

        try
        {
            if (!_started)
            {
                _started = true;
                if (!_json.Read() || _json.TokenType != JsonToken.StartArray)
                {
                    _stopped = true;
                    return FileRecord.Bad(Path, 0, "A JSON file must hold one array of objects ([{...}, {...}]); for one object a line, use .ndjson or -Format Ndjson.");
                }
            }

            if (!_json.Read() || _json.TokenType == JsonToken.EndArray)
            {
                _stopped = true;
                return null;
            }

            _number++;
            if (_json.TokenType != JsonToken.StartObject)
            {
                var kind = _json.TokenType;
                _json.Skip();
                return FileRecord.Bad(Path, _number, $"Element {_number} of the array is {kind}, not an object.");
            }

            var record = JObject.Load(_json);
            return JsonRecordFields.Problem(record) is { } problem
                ? FileRecord.Bad(Path, _number, $"Element {_number} of the array: {problem}")
                : FileRecord.Read(Path, _number, JsonRecordFields.From(record));
        }
        catch (JsonReaderException ex)
        {
            _stopped = true;
            return FileRecord.Bad(Path, _number, $"Malformed JSON at line {ex.LineNumber}, position {ex.LinePosition}: reading of this file stopped there.");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ((IDisposable)_json).Dispose();
        }

        base.Dispose(disposing);
    }
}
