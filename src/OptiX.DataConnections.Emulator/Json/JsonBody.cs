using System.Net.Http.Headers;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Json;

internal static class JsonBody
{
    /// <summary>
    /// Reads the request body as a stream into one buffer of its size, within the <see cref="BodyBudget"/> (wait, or 503
    /// with Retry-After), and checks it (<see cref="JsonScan"/>). A missing or malformed body is a 422, and so is a
    /// Content-Type other than JSON (FastAPI's answer: it reads such a body as bytes, which are not the object the
    /// route expects). No Content-Type at all is read as JSON, as FastAPI does. A body over the size limit is a 413.
    /// </summary>
    public static async Task<RequestJson> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        CheckContentType(request.ContentType);
        if (request.ContentLength == 0)
        {
            throw ApiProblem.Validation(ValidationError.Missing(["body"]));
        }
        var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
            ?? EmulatorOptions.DefaultMaxRequestBodyBytes;
        // A declared length over the limit: Kestrel answers 413 at the first read (and closes the connection cleanly).
        var budget = request.HttpContext.RequestServices.GetRequiredService<BodyBudget>();
        var lease = await budget.ReserveAsync(Math.Min(request.ContentLength ?? limit, limit), cancellationToken);
        try
        {
            var (buffer, length) = await ReadBytesAsync(request, limit, cancellationToken);
            if (length == 0)
            {
                throw ApiProblem.Validation(ValidationError.Missing(["body"]));
            }
            // A UTF-8 byte-order mark is allowed, as JsonDocument.ParseAsync allows it.
            var offset = buffer.AsSpan(0, length).StartsWith("\uFEFF"u8) ? 3 : 0;
            var json = new ReadOnlyMemory<byte>(buffer, offset, length - offset);
            var tokens = JsonScan.Run(json.Span);
            return new RequestJson(json, tokens, lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private static void CheckContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return;
        }
        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType ?? "" : "";
        var isJson = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!isJson)
        {
            throw ApiProblem.Validation(new ValidationError(
                ["body"],
                $"value is not a valid dict: the body's Content-Type is '{contentType}'; send it as application/json",
                "type_error.dict"));
        }
    }

    /// <summary>The body in one array: of its declared length, else grown as it arrives (up to the limit).</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBytesAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Clamp(request.ContentLength ?? 64 * 1024, 0, limit));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (request.ContentLength is not null || length >= limit)
                {
                    // Declared length reached (Kestrel ends the body there), or the limit: a byte more is Kestrel's 413.
                    var probe = new byte[1];
                    if (await request.Body.ReadAsync(probe, cancellationToken) == 0)
                    {
                        return (buffer, length);
                    }
                    throw ApiProblem.TooLarge($"Request body too large: more than {limit} bytes");
                }
                Array.Resize(ref buffer, (int)Math.Min(limit, (long)buffer.Length * 2));
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return (buffer, length);
            }
            length += read;
        }
    }
}
