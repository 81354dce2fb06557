using System.Text;
using Newtonsoft.Json;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// Writes records that were not stored to an NDJSON file, one <c>{"error_id", "reason", "record"}</c> a line, so that
/// they can be fixed and re-sent: <c>Get-Content failed.ndjson | ConvertFrom-Json | ForEach-Object record | Send-DCData</c>.
/// The file is created at the first failure; it never holds a credential.
/// </summary>
public sealed class FailedRecordWriter : IDisposable
{
    private readonly string _path;
    private StreamWriter? _writer;

    public FailedRecordWriter(string path) => _path = path;

    public long Count { get; private set; }

    public void Write(string errorId, string reason, IReadOnlyList<KeyValuePair<string, object?>>? record)
    {
        _writer ??= new StreamWriter(_path, append: false, new UTF8Encoding(false));
        using (var json = new JsonTextWriter(_writer) { CloseOutput = false, Formatting = Formatting.None })
        {
            json.WriteStartObject();
            json.WritePropertyName("error_id");
            json.WriteValue(errorId);
            json.WritePropertyName("reason");
            json.WriteValue(reason);
            json.WritePropertyName("record");
            if (record is null)
            {
                json.WriteNull();
            }
            else
            {
                JsonValueWriter.WriteRecord(json, record);
            }

            json.WriteEndObject();
        }

        _writer.Write('\n');
        Count++;
    }

    public void Dispose() => _writer?.Dispose();
}
