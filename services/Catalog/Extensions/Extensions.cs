using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Reference.Catalog.Infrastructure;
using Reference.ServiceDefaults;

namespace Reference.Catalog.Extensions;

/// <summary>What the catalogue registers: its database, its cache, start-up work and the services the API uses.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Postgres down: what is cached is still served and a miss answers 503 + Retry-After, so readiness
        // says Degraded (200) and the gateway keeps routing here instead of failing every browse request.
        builder.AddPostgresDataSource(CatalogRepository.ConnectionName, HealthStatus.Degraded);
        // Redis is only a cache here: when it is down the catalogue still serves, so readiness says Degraded.
        builder.AddRedisConnection(CacheResilience.ConnectionName, HealthStatus.Degraded);

        builder.Services.AddOptions<CatalogDatabaseOptions>()
            .Bind(builder.Configuration.GetSection(CatalogDatabaseOptions.Section))
            .Validate(o => o.StartupTimeout > TimeSpan.Zero && o.LockTimeout >= TimeSpan.FromSeconds(1),
                "Catalog:Database:StartupTimeout must be > 0 and LockTimeout >= 1 s.")
            .ValidateOnStart();
        builder.Services.AddOptions<CatalogCacheOptions>()
            .Bind(builder.Configuration.GetSection(CatalogCacheOptions.Section))
            .Validate(o => o.ItemTtl > TimeSpan.Zero && o.PageTtl > TimeSpan.Zero && o.OperationTimeout > TimeSpan.Zero
                    && o.LocalTtl >= TimeSpan.Zero && o.StaleIfError >= TimeSpan.Zero && o.LocalMaxEntries >= 1
                    && o.BreakDuration >= TimeSpan.FromMilliseconds(500) && o.BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500)
                    && o.BreakerFailureRatio is > 0 and <= 1 && o.BreakerMinimumThroughput >= 2,
                "Catalog:Cache: TTLs and OperationTimeout must be > 0 (LocalTtl and StaleIfError >= 0, LocalMaxEntries >= 1), BreakDuration and BreakerSamplingDuration >= 500 ms, " +
                "BreakerFailureRatio in (0, 1], BreakerMinimumThroughput >= 2 (Polly's limits).")
            .ValidateOnStart();

        builder.Services.AddSingleton<CatalogDatabaseInitializer>();
        builder.Services.AddDatabaseStartup("Catalog",
            provider => provider.GetRequiredService<IOptions<CatalogDatabaseOptions>>().Value.StartupTimeout,
            (provider, cancellationToken) => provider.GetRequiredService<CatalogDatabaseInitializer>().InitializeAsync(cancellationToken));

        builder.Services.AddSingleton<CatalogMetrics>();
        builder.Services.AddSingleton<CatalogRepository>();
        builder.Services.AddCacheResilience();
        builder.Services.AddSingleton<CatalogCache>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LocalCatalogCache>();
        builder.Services.AddHostedService<LocalCacheInvalidations>();
        builder.Services.AddSingleton<CachedCatalog>();
        return builder;
    }
}
