using System.Text.Json;
using System.Text.Json.Serialization;

namespace OptiX.DataConnections.Emulator.Json;

/// <summary>JSON text that was validated when it was received; written back verbatim.</summary>
[JsonConverter(typeof(RawJsonConverter))]
internal readonly record struct RawJson(string Text);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}
