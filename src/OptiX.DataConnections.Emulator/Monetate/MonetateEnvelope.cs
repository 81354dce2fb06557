using System.Text.RegularExpressions;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// Monetate's answer shape: <c>{"meta":{"code":N,"errors":[{...}],"warnings":[]},"data":...}</c>; each error an
/// object (<c>message</c>, and <c>field</c> when it is about one), a list answer's meta with <c>count</c>,
/// <c>next</c> and <c>previous</c>.
/// </summary>
internal static partial class MonetateEnvelope
{
    public static IResult Ok(object? data, int statusCode = StatusCodes.Status200OK) =>
        Write(statusCode, [], data, null);

    /// <summary>One page of a list: <paramref name="next"/> and <paramref name="previous"/> are absolute links or null.</summary>
    public static IResult Page<T>(IReadOnlyList<T> items, string? next, string? previous) =>
        Write(StatusCodes.Status200OK, [], items, new PageMeta(items.Count, next, previous));

    public static IResult Error(int statusCode, string message) => Write(statusCode, [ErrorObject(message)], null, null);

    /// <summary>An error object; a message that begins with the field it is about (<c>schema_rows[2].email: ...</c>) names it.</summary>
    private static Dictionary<string, string> ErrorObject(string message)
    {
        var error = new Dictionary<string, string>(StringComparer.Ordinal);
        var field = FieldPrefix().Match(message);
        if (field.Success)
        {
            error["field"] = field.Groups[1].Value;
        }
        error["message"] = message;
        return error;
    }

    private static IResult Write(int statusCode, object[] errors, object? data, PageMeta? page)
    {
        object meta = page is null
            ? new Meta(statusCode, errors, [])
            : new PagedMeta(statusCode, errors, [], page.Count, page.Next, page.Previous);
        return Results.Json<object>(new Body(meta, data), EmulatorJson.Options, statusCode: statusCode);
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.\[\]-]*): ", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPrefix();

    private sealed record PageMeta(int Count, string? Next, string? Previous);

    private sealed record Meta(int Code, object[] Errors, string[] Warnings);

    private sealed record PagedMeta(int Code, object[] Errors, string[] Warnings, int Count, string? Next, string? Previous);

    private sealed record Body(object Meta, object? Data);
}
