using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Http;

internal static class ApiResults
{
    public static IResult Json(object body, int statusCode = StatusCodes.Status200OK) =>
        Results.Json<object>(body, EmulatorJson.Options, statusCode: statusCode);
}
