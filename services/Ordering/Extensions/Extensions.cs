using Microsoft.Extensions.Options;
using Polly;
using Reference.Ordering.Infrastructure;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Buyers;

namespace Reference.Ordering.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        // Orders belong to buyers: every route verifies the request's buyer token (BuyerTokens:SigningKey).
        builder.AddBuyerTokens();

        // Orders live in Postgres (ConnectionStrings__orderingdb); the schema is migrated before the server starts.
        builder.AddPostgresDataSource(OrderRepository.ConnectionName);
        services.AddOptions<OrderingDatabaseOptions>().BindConfiguration(OrderingDatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderingDatabaseInitializer>();
        services.AddDatabaseStartup("Ordering",
            provider => provider.GetRequiredService<IOptions<OrderingDatabaseOptions>>().Value.StartupTimeout,
            (provider, cancellationToken) => provider.GetRequiredService<OrderingDatabaseInitializer>().InitializeAsync(cancellationToken));
        services.AddSingleton<OrderRepository>();
        services.AddOptions<CheckoutOptions>().BindConfiguration(CheckoutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderingMetrics>();

        // Catalog: idempotent reads, so the standard resilience handler from ServiceDefaults fits as is.
        services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new("http://catalog"));

        // Payments: its own pipeline instead of the standard handler (see PaymentsResilience for why).
        services.AddOptions<PaymentsResilienceOptions>().BindConfiguration(PaymentsResilienceOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.AttemptTimeout <= o.TotalTimeout, "Ordering:Payments:AttemptTimeout must not exceed TotalTimeout.")
            .ValidateOnStart();
#pragma warning disable EXTEXP0001 // Experimental, but the documented way to opt one client out of ConfigureHttpClientDefaults' handler.
        services.AddHttpClient<PaymentsClient>(c =>
            {
                c.BaseAddress = new("http://payments");
                // The pipeline's timeouts govern; this only stops a call that somehow escaped them.
                c.Timeout = TimeSpan.FromMinutes(1);
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddResiliencePipeline<string, HttpResponseMessage>(PaymentsResilience.PipelineName, (pipeline, context) =>
            pipeline.AddPaymentsStrategies(context.ServiceProvider.GetRequiredService<IOptions<PaymentsResilienceOptions>>().Value, context.ServiceProvider));

        // Orders whose payment could not be taken at checkout are settled in the background.
        services.AddOptions<SettlementOptions>().BindConfiguration(SettlementOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.BaseBackoff <= o.MaxBackoff, "Ordering:Settlement:BaseBackoff must not exceed MaxBackoff.")
            .ValidateOnStart();
        services.AddOptions<SettlementOptions>()
            .Validate<IOptions<PaymentsResilienceOptions>>((o, payments) => o.ClaimLease >= 2 * payments.Value.TotalTimeout,
                "Ordering:Settlement:ClaimLease must be at least twice Ordering:Payments:TotalTimeout, or a slow charge could be claimed twice.");
        services.AddTransient<PaymentSettler>();
        services.AddHostedService<PaymentSettlementWorker>();

        return builder;
    }
}
