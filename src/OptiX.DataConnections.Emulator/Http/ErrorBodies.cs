namespace OptiX.DataConnections.Emulator.Http;

/// <summary>One entry of a FastAPI (pydantic v1) validation error: <c>{"loc": [...], "msg": "...", "type": "..."}</c>.</summary>
internal sealed record ValidationError(IReadOnlyList<object> Loc, string Msg, string Type)
{
    public static ValidationError Missing(IReadOnlyList<object> loc) => new(loc, "field required", "value_error.missing");

    public static ValidationError NotNull(IReadOnlyList<object> loc) =>
        new(loc, "none is not an allowed value", "type_error.none.not_allowed");
}

internal sealed record ValidationErrorBody(IReadOnlyList<ValidationError> Detail);

internal sealed record DetailBody(string Detail);

internal sealed record MissingPrimaryKeysBody(string Detail, IReadOnlyList<string> MissingPrimaryKeys);
