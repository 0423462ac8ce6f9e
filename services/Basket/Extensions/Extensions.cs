using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Reference.Basket.Infrastructure;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Buyers;

namespace Microsoft.Extensions.Hosting;

/// <summary>What the basket service registers: buyer tokens, Redis (its store), the Catalog client and the price memory.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BasketOptions>()
            .Bind(builder.Configuration.GetSection(BasketOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddBuyerTokens();

        // Redis is where baskets live: without it the service cannot serve, so readiness fails.
        builder.AddRedisConnection(RedisBasketStore.ConnectionName, HealthStatus.Unhealthy);
        builder.Services.AddSingleton<RedisBasketStore>();

        // Goes through the standard resilience handler (ServiceDefaults). Its numbers, in appsettings.json
        // section HttpClientResilience, are sized for the basket SLO (99 % < 250 ms): 80 ms per attempt,
        // one quick retry, 200 ms in all, so a slow or dead Catalog becomes an unverified line, not a slow basket.
        builder.Services.AddHttpClient<CatalogClient>((sp, http) =>
            http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<BasketOptions>>().Value.CatalogUrl));
        builder.Services.AddSingleton<LastKnownPrices>();
        builder.Services.AddScoped<BasketPricing>();
        builder.Services.AddHostedService<Warmup>();
        return builder;
    }
}
