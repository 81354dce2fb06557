namespace OptiX.DataConnections.Formulas;

/// <summary>Why a formula resolved to the value it did.</summary>
public enum ResolutionReason
{
    /// <summary>The record was found and the field has a value.</summary>
    Found,

    /// <summary>No live record has the key (404 from the query); the fallback applies.</summary>
    RecordNotFound,

    /// <summary>The record has no such field, or it is null; the fallback applies.</summary>
    FieldMissing,

    /// <summary>The lookup failed on the service's or the external API's side (5xx, timeout, transport); the fallback applies.</summary>
    ExternalApiFailed,

    /// <summary>A tag in the key or a parameter value has no value; nothing was queried.</summary>
    MissingTag,
}
