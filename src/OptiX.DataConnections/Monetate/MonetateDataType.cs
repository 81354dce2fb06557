namespace OptiX.DataConnections.Monetate;

/// <summary>The data types a Monetate schema field can have (the Data API's <c>data_type</c>).</summary>
public enum MonetateDataType
{
    /// <summary>STRING: non-empty text without surrounding white space.</summary>
    String,

    /// <summary>NUMBER: an integer or decimal number.</summary>
    Number,

    /// <summary>DATETIME: an ISO-8601 timestamp.</summary>
    DateTime,

    /// <summary>BOOLEAN: true or false.</summary>
    Boolean,

    /// <summary>MULTI_STRING: several texts in one comma-separated string (an element holding a comma is quoted).</summary>
    MultiString,

    /// <summary>GOOGLE_PRODUCT_CATEGORY: a Google product category, sent as text (the numeric id or the category path).</summary>
    GoogleProductCategory,

    /// <summary>A type this module does not know: the schema is still read, and values for the field are sent as given.</summary>
    Unknown,
}

/// <summary>The Data API's names of the data types, and reading them back (extensible: an unknown name is <see cref="MonetateDataType.Unknown"/>).</summary>
public static class MonetateDataTypes
{
    /// <summary>The names this module knows, as the Data API spells them.</summary>
    public static readonly IReadOnlyList<string> KnownNames =
        ["STRING", "MULTI_STRING", "NUMBER", "DATETIME", "BOOLEAN", "GOOGLE_PRODUCT_CATEGORY"];

    /// <summary>The name the Data API uses for <paramref name="type"/> (STRING, MULTI_STRING, ...).</summary>
    public static string ApiName(MonetateDataType type) => type switch
    {
        MonetateDataType.String => "STRING",
        MonetateDataType.Number => "NUMBER",
        MonetateDataType.DateTime => "DATETIME",
        MonetateDataType.Boolean => "BOOLEAN",
        MonetateDataType.MultiString => "MULTI_STRING",
        MonetateDataType.GoogleProductCategory => "GOOGLE_PRODUCT_CATEGORY",
        _ => "UNKNOWN",
    };

    /// <summary>
    /// Reads a data type by its API name (MULTI_STRING) or its enum name (MultiString), ignoring case and underscores;
    /// false for a name this module does not know.
    /// </summary>
    public static bool TryParse(string? name, out MonetateDataType type)
    {
        type = (name ?? string.Empty).Replace("_", string.Empty).Trim().ToUpperInvariant() switch
        {
            "STRING" => MonetateDataType.String,
            "NUMBER" => MonetateDataType.Number,
            "DATETIME" => MonetateDataType.DateTime,
            "BOOLEAN" => MonetateDataType.Boolean,
            "MULTISTRING" => MonetateDataType.MultiString,
            "GOOGLEPRODUCTCATEGORY" => MonetateDataType.GoogleProductCategory,
            _ => MonetateDataType.Unknown,
        };
        return type != MonetateDataType.Unknown;
    }

    /// <summary>The type an answer names; a name this module does not know is <see cref="MonetateDataType.Unknown"/>, never an error.</summary>
    public static MonetateDataType FromApiName(string? name) => TryParse(name, out var type) ? type : MonetateDataType.Unknown;
}
