using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Files;

/// <summary>One JSON object a line; a bad line is a bad record and reading goes on with the next.</summary>
public sealed class NdjsonRecordFileReader : RecordFileReader
{
    private readonly StreamReader _text;
    private long _line;
    private long _number;

    public NdjsonRecordFileReader(string path, Encoding? encoding)
        : base(path)
    {
        _text = OpenText(encoding);
    }

    public override FileRecord? Read()
    {
        while (_text.ReadLine() is { } line)
        {
            _line++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            _number++;
            try
            {
                using var json = new JsonTextReader(new StringReader(line)) { DateParseHandling = DateParseHandling.None };
                var token = JToken.ReadFrom(json);
                if (json.Read())
                {
                    return FileRecord.Bad(Path, _number, $"Line {_line} holds more than one JSON value.");
                }

                if (token is not JObject record)
                {
                    return FileRecord.Bad(Path, _number, $"Line {_line} is a JSON {token.Type}, not an object.");
                }

                return JsonRecordFields.Problem(record) is { } problem
                    ? FileRecord.Bad(Path, _number, $"Line {_line}: {problem}")
                    : FileRecord.Read(Path, _number, JsonRecordFields.From(record));
            }
            catch (JsonReaderException ex)
            {
                return FileRecord.Bad(Path, _number, $"Line {_line} is not valid JSON: {ex.Message}");
            }
        }

        return null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _text.Dispose();
        }

        base.Dispose(disposing);
    }
}
