using OptiX.DataConnections.Emulator.Faults;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>
/// <c>/admin/monetate/users</c> (needs <c>x-admin-key</c>, see <see cref="AdminKeyMiddleware"/>): GET lists the API
/// users <c>[{"name", "active"}]</c>; POST <c>{name}/deactivate</c> revokes a user's public key (its JWTs and the
/// tokens issued to it are then a 403) and <c>{name}/activate</c> restores it; both answer <c>{"name", "active"}</c>.
/// </summary>
internal static class MonetateAdminEndpoints
{
    public const string UsersPath = AdminKeyMiddleware.PathPrefix + "/monetate/users";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(UsersPath, (MonetateUsers users) => ApiResults.Json(users.States()));
        app.MapPost(UsersPath + "/{name}/deactivate", (string name, MonetateUsers users) => SetActive(users, name, active: false));
        app.MapPost(UsersPath + "/{name}/activate", (string name, MonetateUsers users) => SetActive(users, name, active: true));
    }

    private static IResult SetActive(MonetateUsers users, string name, bool active) =>
        users.SetActive(name, active)
            ? ApiResults.Json(new MonetateUserState(name, active))
            : throw ApiProblem.NotFound($"No Monetate API user named '{name}'");
}
