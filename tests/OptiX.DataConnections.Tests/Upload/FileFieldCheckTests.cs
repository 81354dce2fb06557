using OptiX.DataConnections.Files;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Tests.Upload;

public class FileFieldCheckTests
{
    private static readonly OptiXUploadAdapter OptiX = new(null, new Connection { ConnectionId = Guid.NewGuid(), Name = "c", PrimaryKey = "customer_id" }, Guid.NewGuid(), null);

    [Fact]
    public void A_CSV_whose_header_lacks_the_key_is_refused_naming_the_column_and_the_columns_found()
    {
        var problem = FileFieldCheck.Problem(OptiX, "/tmp/c.csv", RecordFileFormat.Csv, [Record(1, "id", "name")]);

        Assert.Equal("'c.csv' cannot be sent: its header has no column 'customer_id', the connection's primary key, which every record needs. Columns found: id, name.", problem);
    }

    [Fact]
    public void A_CSV_with_the_key_column_passes_and_so_does_a_file_with_no_records()
    {
        Assert.Null(FileFieldCheck.Problem(OptiX, "c.csv", RecordFileFormat.Csv, [Record(1, "name", "customer_id")]));
        Assert.Null(FileFieldCheck.Problem(OptiX, "c.csv", RecordFileFormat.Csv, [FileRecord.Bad("c.csv", 0, "no header")]));
        Assert.Null(FileFieldCheck.Problem(OptiX, "c.csv", RecordFileFormat.Csv, []));
    }

    [Fact]
    public void A_JSON_file_passes_when_one_of_its_first_records_has_the_key()
    {
        Assert.Null(FileFieldCheck.Problem(OptiX, "r.json", RecordFileFormat.Json, [Record(1, "id"), Record(2, "customer_id"), Record(3, "id")]));
    }

    [Fact]
    public void A_JSON_file_none_of_whose_first_records_has_the_key_is_refused_with_every_field_seen()
    {
        var problem = FileFieldCheck.Problem(OptiX, "r.ndjson", RecordFileFormat.Ndjson, [Record(1, "id"), Record(2, "id", "Customer_Id")]);

        Assert.Equal("'r.ndjson' cannot be sent: none of its 2 records has the field 'customer_id', the connection's primary key, which every record needs. Fields found: id, Customer_Id.", problem!.Replace(" (field names are case-sensitive; found 'Customer_Id')", string.Empty));
    }

    [Fact]
    public void A_Monetate_file_lacking_the_identifier_names_it()
    {
        var schema = new MonetateSchema("s", "CUSTOMER", [new MonetateField("customer_id", MonetateDataType.String, identifier: true), new MonetateField("email", MonetateDataType.String)]);
        var adapter = new MonetateUploadAdapter(null, schema);

        Assert.Contains("its header has no column 'customer_id', the schema's identifier", FileFieldCheck.Problem(adapter, "m.csv", RecordFileFormat.Csv, [Record(1, "email")]));
        Assert.Null(FileFieldCheck.Problem(adapter, "m.csv", RecordFileFormat.Csv, [Record(1, "Customer_ID", "email")]));
    }

    private static FileRecord Record(long number, params string[] names) =>
        FileRecord.Read("f", number, names.Select(n => new KeyValuePair<string, object?>(n, "v")).ToList());
}
