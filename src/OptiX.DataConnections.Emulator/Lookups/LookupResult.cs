using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Lookups;

/// <summary>
/// One record looked up by key: its JSON text (always an object), or the status and message that say why there is
/// none. The query answers the message as <c>{"detail": ...}</c> with the status; the batch query puts it in <c>error</c>.
/// </summary>
internal readonly record struct LookupResult(string? Json, int Status, string? Error)
{
    public const string NotFoundMessage = "Record not found";

    public static LookupResult Found(string json) => new(json, StatusCodes.Status200OK, null);

    public static LookupResult NotFound() => new(null, StatusCodes.Status404NotFound, NotFoundMessage);

    public static LookupResult Failed(int status, string error) => new(null, status, error);

    public string RecordOrThrow() => Json ?? throw new ApiProblem(Status, new DetailBody(Error!));
}
