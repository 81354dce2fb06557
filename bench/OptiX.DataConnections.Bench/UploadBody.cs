using System.Text.Json;

namespace OptiX.DataConnections.Bench;

/// <summary>What the discard endpoint reads of an <c>upload_data</c> body: how many records <c>data</c> holds and whether it completes its batch.</summary>
internal readonly record struct UploadBody(int Records, bool Completes)
{
    /// <summary>Reads every token of the body (a malformed one throws <see cref="JsonException"/>).</summary>
    public static UploadBody Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The body is not a JSON object.");
        }

        var records = -1;
        // Without a batch_uuid a request is its own batch, completed.
        var completes = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                records = CountArray(ref reader);
            }
            else if (reader.ValueTextEquals("batch_completed"u8))
            {
                reader.Read();
                completes = reader.TokenType != JsonTokenType.False;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("The body has content after its object.");
        }

        return records < 0 ? throw new JsonException("The body has no data array.") : new UploadBody(records, completes);
    }

    private static int CountArray(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("data is not an array.");
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            reader.Skip();
        }

        return count;
    }
}
