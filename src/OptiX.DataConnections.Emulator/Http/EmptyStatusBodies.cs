using Microsoft.AspNetCore.WebUtilities;
using OptiX.DataConnections.Emulator.Json;

namespace OptiX.DataConnections.Emulator.Http;

/// <summary>FastAPI answers an unknown route or method with <c>{"detail": "Not Found"}</c>, not an empty body.</summary>
internal static class EmptyStatusBodies
{
    public static IApplicationBuilder UseDetailForEmptyErrorResponses(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            var body = new DetailBody(ReasonPhrases.GetReasonPhrase(response.StatusCode));
            return response.WriteAsJsonAsync(body, EmulatorJson.Options);
        });
}
