using System.Text.Json;

namespace OptiX.DataConnections.Emulator.Json;

/// <summary>
/// Primary keys compare as strings: a JSON string's value, a number's JSON text, or true/false,
/// so <c>1</c> and <c>"1"</c> name the same record.
/// </summary>
internal static class PrimaryKey
{
    public static bool IsScalar(JsonElement value) =>
        value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    /// <summary>The string form of a scalar, or null for null, objects and arrays.</summary>
    public static string? ToStringForm(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
