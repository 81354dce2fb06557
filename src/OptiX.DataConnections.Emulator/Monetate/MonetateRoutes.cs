namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>The Monetate Auth API and Data API routes; every answer uses Monetate's envelope.</summary>
internal static class MonetateRoutes
{
    public const string Retailer = "retailer";
    public const string DataApiBasePath = "/api/data/v1/{" + Retailer + "}/production";

    public static void MapMonetateApi(this IEndpointRouteBuilder app)
    {
        MonetateAuthEndpoint.Map(app);
        // The problem filter is outermost, so the token filter's rejections are enveloped too.
        var data = app.MapGroup(DataApiBasePath)
            .AddEndpointFilter<MonetateProblemFilter>()
            .AddEndpointFilter<MonetateTokenFilter>();
        MonetateSchemaEndpoints.Map(data);
        MonetateDataEndpoints.Map(data);
        MonetateAdminEndpoints.Map(app);
    }

    public static IServiceCollection AddMonetate(this IServiceCollection services, EmulatorOptions options)
    {
        services.AddSingleton(MonetateUsers.From(options.MonetateUsers));
        services.AddSingleton(new MonetateSettings(MonetateUserOption.ParseRetailer(options.Retailer)));
        services.AddSingleton<MonetateTokens>();
        services.AddSingleton<MonetateDatasets>();
        services.AddSingleton<MonetateSpotCheckLimiter>();
        return services;
    }
}
