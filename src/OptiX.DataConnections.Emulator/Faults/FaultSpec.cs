using System.Globalization;

namespace OptiX.DataConnections.Emulator.Faults;

/// <summary>What one route (or <c>*</c>) sets; null leaves the setting to <c>*</c>, then to the default (none).</summary>
internal sealed record FaultSettings(
    double? TooManyRequests = null,
    double? InternalServerError = null,
    double? ServiceUnavailable = null,
    double? Drop = null,
    double? DropAfter = null,
    int? LatencyMinMs = null,
    int? LatencyMaxMs = null,
    int? RetryAfterSeconds = null)
{
    public const int DefaultRetryAfterSeconds = 1;

    /// <summary>This route's settings, falling back to <paramref name="fallback"/> (the <c>*</c> settings) one by one.</summary>
    public FaultSettings Over(FaultSettings? fallback) => fallback is null ? this : new FaultSettings(
        TooManyRequests ?? fallback.TooManyRequests,
        InternalServerError ?? fallback.InternalServerError,
        ServiceUnavailable ?? fallback.ServiceUnavailable,
        Drop ?? fallback.Drop,
        DropAfter ?? fallback.DropAfter,
        LatencyMinMs ?? fallback.LatencyMinMs,
        LatencyMaxMs ?? fallback.LatencyMaxMs,
        RetryAfterSeconds ?? fallback.RetryAfterSeconds);

    public double TotalProbability =>
        (TooManyRequests ?? 0) + (InternalServerError ?? 0) + (ServiceUnavailable ?? 0) + (Drop ?? 0) + (DropAfter ?? 0);

    public bool HasLatency => LatencyMaxMs > 0;

    public bool IsEmpty => TotalProbability == 0 && !HasLatency;
}

/// <summary>
/// A fault spec: sections separated by <c>;</c>, each either <c>seed=N</c> or <c>ROUTE:SETTING,SETTING,...</c>.
/// ROUTE is one of <see cref="FaultRoutes.Names"/> or <c>*</c> (every route). SETTING is <c>429=P</c>, <c>500=P</c>,
/// <c>503=P</c>, <c>drop=P</c>, <c>dropafter=P</c> (P a probability from 0 to 1), <c>latency=MS</c> or
/// <c>latency=MIN-MAX</c> (milliseconds), or <c>retryafter=SECONDS</c> (the 429's Retry-After, default 1).
/// A route's settings override <c>*</c>'s one by one; a later section for the same route overrides an earlier one.
/// The probabilities that apply to a route must add up to at most 1. Spaces around the parts are ignored.
/// Example: <c>upload_data:429=0.1,500=0.05,drop=0.05,latency=50-200;*:latency=10;seed=42</c>.
/// </summary>
internal sealed record FaultSpec(string Text, int? Seed, IReadOnlyDictionary<string, FaultSettings> Routes)
{
    public const string Grammar =
        "ROUTE:SETTING,...;...;seed=N where ROUTE is * or one of " + RouteList
        + " and SETTING is 429=P, 500=P, 503=P, drop=P, dropafter=P (0 <= P <= 1), latency=MS or latency=MIN-MAX, retryafter=SECONDS";

    private const string RouteList = "connections, upload_data, update_data, delete_data, query, api_batch_query, schema, references, emarsys";

    /// <summary>The settings that apply to <paramref name="route"/> (its own over <c>*</c>'s).</summary>
    public FaultSettings For(string route)
    {
        Routes.TryGetValue(FaultRoutes.All, out var all);
        return Routes.TryGetValue(route, out var own) ? own.Over(all) : all ?? new FaultSettings();
    }

    /// <exception cref="FormatException">The text is not a valid spec; the message says where.</exception>
    public static FaultSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int? seed = null;
        var routes = new Dictionary<string, FaultSettings>(StringComparer.Ordinal);
        foreach (var rawSection in text.Split(';'))
        {
            var section = rawSection.Trim();
            if (section.Length == 0)
            {
                continue;
            }
            if (section.StartsWith("seed", StringComparison.Ordinal) && !section.Contains(':', StringComparison.Ordinal))
            {
                seed = ParseSeed(section);
                continue;
            }
            var colon = section.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"'{section}' is neither seed=N nor ROUTE:SETTINGS. Expected {Grammar}.");
            }
            var route = section[..colon].Trim();
            if (route != FaultRoutes.All && !FaultRoutes.Names.Contains(route))
            {
                throw new FormatException($"Unknown route '{route}'; use * or one of {RouteList}.");
            }
            var settings = ParseSettings(section[(colon + 1)..], route);
            routes[route] = routes.TryGetValue(route, out var earlier) ? settings.Over(earlier) : settings;
        }
        var spec = new FaultSpec(text.Trim(), seed, routes);
        foreach (var route in FaultRoutes.Names)
        {
            var total = spec.For(route).TotalProbability;
            if (total > 1 + 1e-9)
            {
                throw new FormatException(
                    $"The fault probabilities for {route} add up to {total.ToString(CultureInfo.InvariantCulture)}; at most 1.");
            }
        }
        return spec;
    }

    private static int ParseSeed(string section)
    {
        var (name, value) = Split(section);
        if (name != "seed" || !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
        {
            throw new FormatException($"'{section}': the seed must look like seed=42.");
        }
        return seed;
    }

    private static FaultSettings ParseSettings(string list, string route)
    {
        var settings = new FaultSettings();
        var any = false;
        foreach (var rawSetting in list.Split(','))
        {
            var setting = rawSetting.Trim();
            if (setting.Length == 0)
            {
                continue;
            }
            any = true;
            var (name, value) = Split(setting);
            settings = name switch
            {
                "429" => settings with { TooManyRequests = Probability(setting, value) },
                "500" => settings with { InternalServerError = Probability(setting, value) },
                "503" => settings with { ServiceUnavailable = Probability(setting, value) },
                "drop" => settings with { Drop = Probability(setting, value) },
                "dropafter" => settings with { DropAfter = Probability(setting, value) },
                "latency" => WithLatency(settings, setting, value),
                "retryafter" => settings with { RetryAfterSeconds = Whole(setting, value, "a number of seconds") },
                _ => throw new FormatException(
                    $"Unknown setting '{name}' in '{setting}'; use 429, 500, 503, drop, dropafter, latency or retryafter."),
            };
        }
        return any ? settings : throw new FormatException($"Route '{route}' has no settings.");
    }

    private static FaultSettings WithLatency(FaultSettings settings, string setting, string value)
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var min = Whole(setting, dash < 0 ? value : value[..dash], "milliseconds");
        var max = dash < 0 ? min : Whole(setting, value[(dash + 1)..], "milliseconds");
        if (max < min)
        {
            throw new FormatException($"'{setting}': the latency range must be MIN-MAX with MIN <= MAX.");
        }
        return settings with { LatencyMinMs = min, LatencyMaxMs = max };
    }

    private static (string Name, string Value) Split(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? throw new FormatException($"'{setting}' should look like NAME=VALUE.")
            : (setting[..equals].Trim().ToLowerInvariant(), setting[(equals + 1)..].Trim());
    }

    private static double Probability(string setting, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var probability) && probability <= 1
            ? probability
            : throw new FormatException($"'{setting}': a probability is a number from 0 to 1.");

    private static int Whole(string setting, string value, string what) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 3_600_000
            ? number
            : throw new FormatException($"'{setting}': expected a whole number of {what}.");
}
