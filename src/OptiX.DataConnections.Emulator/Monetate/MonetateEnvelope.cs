using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>Monetate's answer shape: <c>{"meta":{"code":N,"errors":[...],"warnings":[]},"data":...}</c>.</summary>
internal static class MonetateEnvelope
{
    public static IResult Ok(object? data, int statusCode = StatusCodes.Status200OK) =>
        Write(statusCode, [], data);

    public static IResult Error(int statusCode, string message) => Write(statusCode, [message], null);

    private static IResult Write(int statusCode, string[] errors, object? data) =>
        Results.Json<object>(
            new Body(new Meta(statusCode, errors, []), data), EmulatorJson.Options, statusCode: statusCode);

    private sealed record Meta(int Code, string[] Errors, string[] Warnings);

    private sealed record Body(Meta Meta, object? Data);
}
