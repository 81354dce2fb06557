namespace OptiX.DataConnections.Monetate;

/// <summary>A private key that cannot be used: unreadable, not RSA, or encrypted without the right passphrase.</summary>
public sealed class MonetateKeyException : Exception
{
    public MonetateKeyException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public MonetateKeyException(string message, bool needsPassphrase)
        : base(message) => NeedsPassphrase = needsPassphrase;

    /// <summary>The key is encrypted and no passphrase was given.</summary>
    public bool NeedsPassphrase { get; }
}
