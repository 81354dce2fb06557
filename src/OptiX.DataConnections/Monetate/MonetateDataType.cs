namespace OptiX.DataConnections.Monetate;

/// <summary>The data types a Monetate schema field can have.</summary>
public enum MonetateDataType
{
    String,
    Number,
    DateTime,
    Boolean,

    /// <summary>A type this module does not know (the schema is still read; values for the field are refused).</summary>
    Unknown,
}
