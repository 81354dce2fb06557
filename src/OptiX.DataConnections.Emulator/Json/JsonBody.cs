using System.Text.Json;
using System.Text.Unicode;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Json;

internal static class JsonBody
{
    /// <summary>
    /// Parses the request body; a missing or malformed body is a 422, and so is text that is not valid UTF-8 or holds a
    /// <c>\u</c> escape of half a surrogate pair (System.Text.Json parses both, then fails wherever a string is read).
    /// A body over the size limit makes Kestrel throw a 413 <see cref="BadHttpRequestException"/>, which
    /// <see cref="ApiProblemMiddleware"/> answers.
    /// </summary>
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            throw ApiProblem.Validation(ValidationError.Missing(["body"]));
        }
        var body = await ReadBytesAsync(request, cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw ApiProblem.Validation(new ValidationError(["body"], exception.Message, "value_error.jsondecode"));
        }
        if (TextProblem(body.Span) is { } problem)
        {
            document.Dispose();
            throw ApiProblem.Validation(new ValidationError(["body"], problem, "value_error.jsondecode"));
        }
        return document;
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)Math.Clamp(request.ContentLength ?? 0, 0, 1 << 20));
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        // A UTF-8 byte-order mark is allowed, as JsonDocument.ParseAsync allows it.
        return bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
    }

    private static string? TextProblem(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            return "The body is not valid UTF-8 text";
        }
        // Fast path: only an escape starting \uD can be half of a surrogate pair.
        if (json.IndexOf("\\ud"u8) < 0 && json.IndexOf("\\uD"u8) < 0)
        {
            return null;
        }
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return $"A \\u escape at byte {reader.TokenStartIndex} is half of a surrogate pair, not a character";
                }
            }
        }
        return null;
    }
}
