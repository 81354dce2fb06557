namespace OptiX.DataConnections.Upload;

/// <summary>
/// A record handed back that was given as its fields alone (no input object to return): its fields read back from the
/// JSON that was sent, and its place in the input.
/// </summary>
public sealed class RestoredRecord
{
    public RestoredRecord(long number, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        Number = number;
        Fields = fields;
    }

    /// <summary>1 for the first record of the input.</summary>
    public long Number { get; }

    public IReadOnlyList<KeyValuePair<string, object?>> Fields { get; }

    public override string ToString() => $"Record {Number}";
}
