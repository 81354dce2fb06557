using System.Collections;
using System.Text.RegularExpressions;

namespace OptiX.DataConnections.Formulas;

/// <summary>
/// Personalization tags such as <c>[%CUSTOMER_ID%]</c>: a name of letters, digits and underscores between <c>[%</c>
/// and <c>%]</c>. Names compare case-insensitively.
/// </summary>
public static class FormulaTags
{
    private static readonly Regex Tag = new(@"\G\[%([A-Za-z0-9_]+)%\]", RegexOptions.CultureInvariant);
    private static readonly Regex AnyTag = new(@"\[%([A-Za-z0-9_]+)%\]", RegexOptions.CultureInvariant);

    /// <summary>Whether <paramref name="name"/> can be a tag name (without the brackets).</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name!.All(c => c == '_' || (c < 128 && char.IsLetterOrDigit(c)));

    /// <summary>The tag written for a name: <c>CUSTOMER_ID</c> gives <c>[%CUSTOMER_ID%]</c>.</summary>
    public static string Format(string name) => "[%" + name + "%]";

    /// <summary>The distinct tag names in <paramref name="text"/>, in order, each as first spelled.</summary>
    public static IReadOnlyList<string> FindNames(string? text)
    {
        var names = new List<string>();
        AddNames(text, names);
        return names;
    }

    /// <summary>
    /// Replaces each tag with its value from <paramref name="tags"/>. Keys are tag names, with or without the brackets,
    /// matched case-insensitively. A tag whose value is absent, null or empty (white space only) has no value: it stays
    /// in the text as written and is listed in <see cref="TagSubstitution.MissingTags"/>.
    /// </summary>
    public static TagSubstitution Substitute(string text, IDictionary? tags)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var values = ToLookup(tags);
        var missing = new List<string>();
        var result = AnyTag.Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (values.TryGetValue(name, out var value))
            {
                return value;
            }

            if (!missing.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                missing.Add(name);
            }

            return match.Value;
        });
        return new TagSubstitution(result, missing);
    }

    internal static void AddNames(string? text, List<string> names)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (Match match in AnyTag.Matches(text))
        {
            var name = match.Groups[1].Value;
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }
    }

    /// <summary>Null when every <c>[%</c> in <paramref name="text"/> opens a well-formed tag, else what is wrong.</summary>
    internal static string? Problem(string text)
    {
        var start = text.IndexOf("[%", StringComparison.Ordinal);
        while (start >= 0)
        {
            var match = Tag.Match(text, start);
            if (!match.Success)
            {
                var end = text.IndexOf("%]", start + 2, StringComparison.Ordinal);
                var written = end < 0 ? text.Substring(start) : text.Substring(start, end + 2 - start);
                return end < 0
                    ? $"the personalization tag '{written}' is not closed with '%]'"
                    : $"the personalization tag '{written}' is malformed (a tag is [%NAME%], the name of letters, digits and '_')";
            }

            start = text.IndexOf("[%", start + match.Length, StringComparison.Ordinal);
        }

        return null;
    }

    private static Dictionary<string, string> ToLookup(IDictionary? tags)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (tags is null)
        {
            return values;
        }

        foreach (DictionaryEntry entry in tags)
        {
            var name = NameOf(entry.Key);
            var value = FormulaValues.ToText(entry.Value);
            if (name.Length > 0 && !string.IsNullOrWhiteSpace(value) && !values.ContainsKey(name))
            {
                values.Add(name, value!);
            }
        }

        return values;
    }

    /// <summary>A key of the tag table: <c>CUSTOMER_ID</c> and <c>[%CUSTOMER_ID%]</c> both name the same tag.</summary>
    private static string NameOf(object key)
    {
        var name = (FormulaValues.ToText(key) ?? string.Empty).Trim();
        if (name.StartsWith("[%", StringComparison.Ordinal) && name.EndsWith("%]", StringComparison.Ordinal) && name.Length >= 4)
        {
            name = name.Substring(2, name.Length - 4);
        }

        return name;
    }
}
