using System.Text.Encodings.Web;
using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Json;

internal static class EmulatorJson
{
    /// <summary>snake_case names like the real (Python) service; non-ASCII text is written as is, not escaped.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
