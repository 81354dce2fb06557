using System.Security.Cryptography;
using System.Text;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Faults;

/// <summary>
/// Everything under <c>/admin</c> needs <c>x-admin-key</c>; without the right one it is answered exactly like a route
/// that does not exist (404 <c>{"detail":"Not Found"}</c>, whatever the method), so the admin routes stay hidden.
/// </summary>
internal sealed class AdminKeyMiddleware(RequestDelegate next, AdminKey adminKey)
{
    public const string PathPrefix = "/admin";
    public const string Header = "x-admin-key";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase)
            && !adminKey.Matches(context.Request.Headers[Header].ToString()))
        {
            throw ApiProblem.NotFound("Not Found");
        }
        return next(context);
    }
}

/// <summary>The key the admin routes need.</summary>
internal sealed class AdminKey(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public string Value { get; } = key;

    public static string NewRandom() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool Matches(string candidate) =>
        candidate.Length > 0 && CryptographicOperations.FixedTimeEquals(_key, Encoding.UTF8.GetBytes(candidate));
}
