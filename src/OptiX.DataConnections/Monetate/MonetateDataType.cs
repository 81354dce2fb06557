namespace OptiX.DataConnections.Monetate;

/// <summary>The data types a Monetate schema field can have.</summary>
public enum MonetateDataType
{
    String,
    Number,
    DateTime,
    Boolean,
}
