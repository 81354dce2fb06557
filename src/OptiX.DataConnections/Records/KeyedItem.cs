namespace OptiX.DataConnections.Records;

/// <summary>One record or key on its way to an update or delete, with the input it came from.</summary>
public sealed class KeyedItem
{
    public KeyedItem(string key, object keyValue, object source, IReadOnlyList<KeyValuePair<string, object?>>? fields = null)
    {
        Key = key;
        KeyValue = keyValue;
        Source = source;
        Fields = fields;
    }

    /// <summary>The key's string form, as the service compares keys.</summary>
    public string Key { get; }

    /// <summary>The key as given (a number stays a number on the wire).</summary>
    public object KeyValue { get; }

    /// <summary>The input object, handed back when the item fails.</summary>
    public object Source { get; }

    /// <summary>The record's fields (updates only).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>>? Fields { get; set; }
}
