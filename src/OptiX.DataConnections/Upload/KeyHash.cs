namespace OptiX.DataConnections.Upload;

/// <summary>
/// A 64-bit hash of a primary key (FNV-1a over its UTF-16 code units), held instead of the key itself to order
/// requests that share keys: it keeps no string alive, and a collision only makes a request wait for one it need not.
/// </summary>
internal static class KeyHash
{
    public static ulong Of(string key)
    {
        var hash = 14695981039346656037UL;
        for (var i = 0; i < key.Length; i++)
        {
            hash = (hash ^ key[i]) * 1099511628211UL;
        }

        return hash;
    }
}
