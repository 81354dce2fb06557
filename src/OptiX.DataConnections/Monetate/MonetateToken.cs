namespace OptiX.DataConnections.Monetate;

/// <summary>An access token from the Auth API and when it stops working.</summary>
public sealed class MonetateToken
{
    internal MonetateToken(string value, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        Value = value;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
    }

    internal string Value { get; }

    public DateTimeOffset IssuedAt { get; }

    /// <summary>The earlier of the service's <c>expires_at</c> and local receipt time plus <c>expires_in</c>, so that a skewed clock never makes it look fresher than it is.</summary>
    public DateTimeOffset ExpiresAt { get; }

    public TimeSpan Lifetime => ExpiresAt - IssuedAt;

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"MonetateToken(expires {ExpiresAt:u})";
}
