using System.Text;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Files;

namespace OptiX.DataConnections.Tests.Files;

public sealed class RecordFileReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("optix-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Csv_rows_become_string_fields_named_by_the_header_with_bom_quotes_and_unicode()
    {
        var path = Write("a.csv", "id,name,note\r\n1,Zoë,\"says \"\"hi\"\", twice\"\r\n2,Łukasz,\"two\nlines\"\r\n", bom: true);

        var records = ReadAll(path);

        Assert.Equal(2, records.Count);
        Assert.Equal(["id", "name", "note"], records[0].Fields!.Select(f => f.Key));
        Assert.Equal("Zoë", records[0].Fields![1].Value);
        Assert.Equal("says \"hi\", twice", records[0].Fields![2].Value);
        Assert.Equal("two\nlines", records[1].Fields![2].Value);
        Assert.Equal(2, records[1].Number);
    }

    [Fact]
    public void A_ragged_csv_row_is_a_bad_record_and_reading_goes_on()
    {
        var path = Write("ragged.csv", "id,name\n1,a\n2\n3,c,extra\n4,d\n");

        var records = ReadAll(path);

        Assert.Equal(4, records.Count);
        Assert.Null(records[0].Error);
        Assert.Equal("Line 3 has 1 field(s) but the header has 2.", records[1].Error);
        Assert.Equal("Line 4 has 3 field(s) but the header has 2.", records[2].Error);
        Assert.Equal("4", records[3].Fields![0].Value);
    }

    [Fact]
    public void An_unterminated_quote_stops_the_file_with_a_bad_record()
    {
        var path = Write("quote.csv", "id,name\n1,a\n2,\"never closed\n3,c\n");

        var records = ReadAll(path);

        Assert.Equal("1", records[0].Fields![0].Value);
        Assert.Contains(records, r => r.Error is not null);
    }

    [Fact]
    public void A_csv_without_a_header_row_is_refused()
    {
        var path = Write("empty.csv", "");
        Assert.Contains("header", Assert.Single(ReadAll(path)).Error);
    }

    [Fact]
    public void A_csv_with_another_delimiter_is_read_with_it()
    {
        var path = Write("semi.csv", "id;city\n1;Leeds\n");
        using var reader = RecordFileReader.Open(path, RecordFileFormat.Auto, delimiter: ';');
        Assert.Equal("Leeds", reader.Read()!.Fields![1].Value);
    }

    [Fact]
    public void A_json_array_is_streamed_element_by_element_with_nesting_kept()
    {
        var path = Write("a.json", """[{"id":1,"name":"Zoë","tags":["a","b"],"address":{"city":"Leeds"},"when":"2026-01-01T00:00:00Z"}, 7, {"id":"2"}]""", bom: true);

        var records = ReadAll(path);

        Assert.Equal(3, records.Count);
        var first = records[0].Fields!.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(1L, first["id"]);
        Assert.Equal("Zoë", first["name"]);
        Assert.Equal("2026-01-01T00:00:00Z", first["when"]);
        Assert.Equal("Leeds", (string?)((JObject)first["address"]!)["city"]);
        Assert.Contains("not an object", records[1].Error);
        Assert.Equal("2", records[2].Fields![0].Value);
    }

    [Fact]
    public void Json_that_is_not_an_array_is_refused_with_a_hint()
    {
        var path = Write("object.json", """{"id":1}""");
        var record = Assert.Single(ReadAll(path));
        Assert.Contains("array", record.Error);
    }

    [Fact]
    public void Ndjson_reads_one_object_a_line_and_a_bad_line_does_not_stop_it()
    {
        var path = Write("a.ndjson", "{\"id\":1}\n\n{broken\n[1,2]\n{\"id\":4,\"n\":{\"x\":null}}\n");

        var records = ReadAll(path);

        Assert.Equal(4, records.Count);
        Assert.Null(records[0].Error);
        Assert.Contains("not valid JSON", records[1].Error);
        Assert.Contains("not an object", records[2].Error);
        Assert.Equal(4L, records[3].Fields![0].Value);
    }

    [Theory]
    [InlineData("x.csv", RecordFileFormat.Csv)]
    [InlineData("x.JSON", RecordFileFormat.Json)]
    [InlineData("x.jsonl", RecordFileFormat.Ndjson)]
    [InlineData("x.ndjson", RecordFileFormat.Ndjson)]
    public void The_format_follows_the_extension(string name, RecordFileFormat expected) =>
        Assert.Equal(expected, RecordFileReader.FormatOf(name, RecordFileFormat.Auto));

    [Fact]
    public void An_unknown_extension_asks_for_a_format() =>
        Assert.Contains("-Format", Assert.Throws<ArgumentException>(() => RecordFileReader.FormatOf("x.xlsx", RecordFileFormat.Auto)).Message);

    [Fact]
    public void Bytes_read_reach_the_file_length()
    {
        var path = Write("len.csv", "id\n" + string.Join("\n", Enumerable.Range(1, 1000)) + "\n");
        using var reader = RecordFileReader.Open(path, RecordFileFormat.Auto);
        while (reader.Read() is not null)
        {
        }

        Assert.Equal(reader.Length, reader.BytesRead);
    }

    private string Write(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private static List<FileRecord> ReadAll(string path)
    {
        using var reader = RecordFileReader.Open(path, RecordFileFormat.Auto);
        var records = new List<FileRecord>();
        while (reader.Read() is { } record)
        {
            records.Add(record);
        }

        return records;
    }
}
