using System.Globalization;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Http;

/// <summary>
/// The reading rules every vendor's answer readers share. A documented shape is read exactly; where the vendor shows no
/// body, the plausible variants are accepted (a list bare or wrapped, a value as text or number, a timestamp as ISO-8601
/// text or epoch seconds or milliseconds) and unknown fields are ignored. Anything else is
/// <see cref="ServiceErrorKind.UnexpectedAnswer"/>, never an empty list, an empty record or a default value.
/// </summary>
public static class AnswerJson
{
    /// <summary>Names under which a service may wrap one list or one record, tried in this order.</summary>
    public static readonly string[] ListWrappers = ["items", "data", "results", "records", "values"];

    private static readonly JValue NotJson = new("(not JSON)");

    /// <summary>
    /// The error for an answer the module does not understand. It describes the shape (property names, counts),
    /// never the values, which may hold a customer's data or an external API's header.
    /// </summary>
    public static ServiceException Unexpected(string route, string what, JToken? body) =>
        new(ServiceErrorKind.UnexpectedAnswer,
            $"{route} answered in a shape this module does not understand: {what} (the answer was {Describe(body)}). Nothing was read from it.",
            route,
            body: body);

    /// <summary>The body as an object; 'no body', arrays and scalars are unexpected.</summary>
    public static JObject Object(ServiceResponse response, string route, string what) =>
        response.Body as JObject ?? throw Unexpected(route, $"expected {what} as a JSON object", Shape(response));

    /// <summary>
    /// A list: a bare array, or an object holding it under one of <paramref name="wrappers"/> (or, failing those, under
    /// its only array-valued property). A wrapper that says there are more items than it holds (total, has_more, next)
    /// is unexpected: the module would otherwise show part of a list as the whole.
    /// </summary>
    public static JArray List(ServiceResponse response, string route, string what, params string[] wrappers)
    {
        var items = response.Body switch
        {
            JArray array => array,
            JObject wrapper => Unwrapped(wrapper, route, what, wrappers),
            _ => throw Unexpected(route, $"expected a list of {what}", Shape(response)),
        };
        foreach (var item in items)
        {
            if (item is not JObject)
            {
                throw Unexpected(route, $"expected each of the {what} as a JSON object, found {Describe(item)}", response.Body);
            }
        }

        return items;
    }

    /// <summary>The first of <paramref name="names"/> that the object holds with a non-null value.</summary>
    public static JToken? First(JObject obj, params string[] names)
    {
        foreach (var name in names)
        {
            if (obj.TryGetValue(name, StringComparison.Ordinal, out var value) && value.Type != JTokenType.Null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A text value: a string, or a number or boolean as invariant text. Objects and arrays are not text.</summary>
    public static string? Text(JToken? token) => token switch
    {
        JValue { Type: JTokenType.String } value => (string?)value,
        JValue { Type: JTokenType.Integer or JTokenType.Float or JTokenType.Boolean } value =>
            Convert.ToString(value.Value, CultureInfo.InvariantCulture),
        _ => null,
    };

    public static Guid? Uuid(JToken? token) => Text(token) is { } text && Guid.TryParse(text.Trim(), out var id) ? id : null;

    /// <summary>A whole number given as a number or as text.</summary>
    public static long? Integer(JToken? token)
    {
        switch (token)
        {
            case JValue { Type: JTokenType.Integer } value:
                return Convert.ToInt64(value.Value, CultureInfo.InvariantCulture);
            case JValue { Type: JTokenType.Float } value:
                var number = Convert.ToDouble(value.Value, CultureInfo.InvariantCulture);
                return number == Math.Floor(number) && Math.Abs(number) < 9e15 ? (long)number : null;
            case JValue { Type: JTokenType.String } value:
                return long.TryParse(((string?)value)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                return null;
        }
    }

    /// <summary>true/false, their text, or 1/0.</summary>
    public static bool? Boolean(JToken? token) => token switch
    {
        JValue { Type: JTokenType.Boolean } value => (bool)value,
        JValue { Type: JTokenType.String } value when bool.TryParse(((string?)value)?.Trim(), out var parsed) => parsed,
        JValue { Type: JTokenType.Integer } value when (long)value is 0 or 1 => (long)value == 1,
        _ => null,
    };

    /// <summary>
    /// A point in time: ISO-8601 text (a date without an offset is taken as UTC), or epoch seconds, or epoch
    /// milliseconds (numbers above 10^11, which as seconds would lie beyond the year 5000), as number or text.
    /// Text that is none of these gives null: a timestamp decides nothing, so it is not worth refusing the answer. Answers
    /// are parsed with dates kept as text (<see cref="ServiceHttpClient"/>), so a timestamp never arrives as a JSON date.
    /// </summary>
    public static DateTimeOffset? Timestamp(JToken? token)
    {
        if (token is JValue { Type: JTokenType.Integer or JTokenType.Float } number)
        {
            return FromEpoch(Convert.ToDouble(number.Value, CultureInfo.InvariantCulture));
        }

        var text = Text(token)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            return FromEpoch(epoch);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }

    /// <summary>What a token is, in words, without its values: "an object with properties a, b", "an array of 3 items".</summary>
    public static string Describe(JToken? token) => token switch
    {
        null => "no body",
        _ when ReferenceEquals(token, NotJson) => "a body that is not JSON",
        JObject { Count: 0 } => "an empty object",
        JObject obj => "an object with properties " + string.Join(", ", obj.Properties().Take(12).Select(p => p.Name))
            + (obj.Count > 12 ? ", ..." : string.Empty),
        JArray array => $"an array of {array.Count} item(s)",
        { Type: JTokenType.Null } => "null",
        { Type: JTokenType.String } => "a string",
        { Type: JTokenType.Boolean } => "a boolean",
        { Type: JTokenType.Integer or JTokenType.Float } => "a number",
        _ => token.Type.ToString(),
    };

    /// <summary>The body for <see cref="Describe"/>; an answer with text that is not JSON describes itself as such.</summary>
    public static JToken? Shape(ServiceResponse response) =>
        response.Body ?? (response.HadText ? NotJson : null);

    private static JArray Unwrapped(JObject wrapper, string route, string what, string[] wrappers)
    {
        var items = wrappers.Concat(ListWrappers).Select(name => wrapper[name]).OfType<JArray>().FirstOrDefault();
        if (items is null)
        {
            var arrays = wrapper.Properties().Where(p => p.Value is JArray).ToList();
            items = arrays.Count == 1 ? (JArray)arrays[0].Value : null;
        }

        if (items is null && wrapper["data"] is JObject inner)
        {
            return Unwrapped(inner, route, what, wrappers);
        }

        if (items is null)
        {
            throw Unexpected(route, $"expected a list of {what}, bare or under one of {string.Join(", ", wrappers.Concat(ListWrappers).Distinct())}", wrapper);
        }

        var total = Integer(First(wrapper, "total", "total_count", "totalCount", "count"));
        var more = Boolean(First(wrapper, "has_more", "hasMore")) == true
            || Text(First(wrapper, "next", "next_page", "next_cursor", "nextPageToken", "next_page_token")) is { Length: > 0 };
        if (more || (total is { } t && t > items.Count))
        {
            throw Unexpected(route, $"a page of {items.Count} of {(total is { } n ? n.ToString(CultureInfo.InvariantCulture) : "more")} {what}; this module does not follow pages, and part of a list is not the list", wrapper);
        }

        return items;
    }

    private static DateTimeOffset? FromEpoch(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
        {
            return null;
        }

        var milliseconds = value > 1e11 ? value : value * 1000;
        return milliseconds > 253402300799999d ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }
}
