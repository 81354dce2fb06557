using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Json;

/// <summary>
/// One forward pass over a request body, before anything is built from it: valid UTF-8, JSON syntax (nesting at most
/// 64 deep), no <c>\u</c> escape of half a surrogate pair, and no name twice in one object (System.Text.Json keeps
/// both, and a record stored with both would be ambiguous). Each problem is a 422 at <c>["body", ...]</c>, a duplicate
/// name's at the path of the name. Returns the number of JSON tokens, which prices a document built from the body.
/// </summary>
internal static class JsonScan
{
    public const int MaxDepth = 64;

    public static int Run(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            throw Decode("The body is not valid UTF-8 text");
        }
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var frames = new Frame[MaxDepth + 1];
        var depth = 0;
        var tokens = 0;
        try
        {
            while (reader.Read())
            {
                tokens++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        CountElement(frames, depth);
                        var frame = frames[depth] ??= new Frame();
                        frame.Reset(reader.TokenType == JsonTokenType.StartArray);
                        depth++;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.PropertyName:
                        var current = frames[depth - 1];
                        if (!current.Add(NameOf(ref reader), json, reader.TokenStartIndex + 1, reader.ValueSpan.Length))
                        {
                            var duplicate = current.CurrentName(json);
                            throw ApiProblem.Validation(new ValidationError(
                                Path(frames, depth, json), $"duplicate key '{duplicate}' in a JSON object", "value_error.duplicate_key"));
                        }
                        break;
                    case JsonTokenType.String:
                        CountElement(frames, depth);
                        if (reader.ValueIsEscaped)
                        {
                            Unescape(ref reader);
                        }
                        break;
                    default:
                        CountElement(frames, depth);
                        break;
                }
            }
        }
        catch (JsonException exception)
        {
            throw Decode(exception.Message);
        }
        return tokens;
    }

    private static ApiProblem Decode(string message) =>
        ApiProblem.Validation(new ValidationError(["body"], message, "value_error.jsondecode"));

    private static void CountElement(Frame[] frames, int depth)
    {
        if (depth > 0 && frames[depth - 1].IsArray)
        {
            frames[depth - 1].Index++;
        }
    }

    private static Name NameOf(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? new Name(Unescape(ref reader)) : new Name(null);

    private static string Unescape(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Decode($"A \\u escape at byte {reader.TokenStartIndex} is half of a surrogate pair, not a character");
        }
    }

    /// <summary>["body", then each open object's current name or array's current index].</summary>
    private static List<object> Path(Frame[] frames, int depth, ReadOnlySpan<byte> json)
    {
        var loc = new List<object> { "body" };
        for (var i = 0; i < depth; i++)
        {
            loc.Add(frames[i].IsArray ? frames[i].Index : frames[i].CurrentName(json));
        }
        return loc;
    }

    /// <summary>A property name: <see cref="Text"/> when it was escaped (decoded), else null (compared as its raw bytes).</summary>
    private readonly record struct Name(string? Text);

    /// <summary>An open object (its names so far) or array (the index of its current element).</summary>
    private sealed class Frame
    {
        private const int LinearUpTo = 16;

        private readonly List<(int Start, int Length, string? Text)> _names = [];
        private HashSet<string>? _set;
        private (int Start, int Length, string? Text) _current;

        public bool IsArray { get; private set; }

        public int Index { get; set; }

        public void Reset(bool isArray)
        {
            IsArray = isArray;
            Index = -1;
            _names.Clear();
            _set = null;
            _current = default;
        }

        /// <summary>The name whose value is being read (decoded only for an error's path).</summary>
        public string CurrentName(ReadOnlySpan<byte> json) => Text(_current, json);

        /// <summary>False when the object already has this name.</summary>
        public bool Add(Name name, ReadOnlySpan<byte> json, long start, int length)
        {
            var entry = ((int)start, length, name.Text);
            _current = entry;
            if (_set is null && _names.Count < LinearUpTo)
            {
                foreach (var other in _names)
                {
                    var same = entry.Text is null && other.Text is null
                        ? json.Slice(other.Start, other.Length).SequenceEqual(json.Slice(entry.Item1, length))
                        : Text(other, json) == Text(entry, json);
                    if (same)
                    {
                        return false;
                    }
                }
                _names.Add(entry);
                return true;
            }
            if (_set is null)
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var other in _names)
                {
                    set.Add(Text(other, json));
                }
                _set = set;
            }
            return _set.Add(Text(entry, json));
        }

        private static string Text((int Start, int Length, string? Text) name, ReadOnlySpan<byte> json) =>
            name.Text ?? Encoding.UTF8.GetString(json.Slice(name.Start, name.Length));
    }
}
