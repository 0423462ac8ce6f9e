using Microsoft.Extensions.Options;
using Polly;
using Reference.Payments.Infrastructure;
using Reference.ServiceDefaults;

namespace Reference.Payments.Extensions;

public static class Extensions
{
    /// <summary>
    /// What the simulated provider needs: its options, a durable ledger in <c>paymentsdb</c> (migrated
    /// before the server starts, cleaned up by age) and its chaos pipeline (behaviour set at start from its options).
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentsOptions>()
            .Bind(builder.Configuration.GetSection(PaymentsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The ledger is the store: without it the provider cannot answer, so readiness is Unhealthy.
        builder.AddPostgresDataSource(PaymentLedger.ConnectionName);
        builder.Services.AddOptions<PaymentsDatabaseOptions>().BindConfiguration(PaymentsDatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PaymentLedgerOptions>().BindConfiguration(PaymentLedgerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PaymentsDatabaseInitializer>();
        builder.Services.AddDatabaseStartup("Payments",
            provider => provider.GetRequiredService<IOptions<PaymentsDatabaseOptions>>().Value.StartupTimeout,
            (provider, cancellationToken) => provider.GetRequiredService<PaymentsDatabaseInitializer>().InitializeAsync(cancellationToken));
        builder.Services.AddSingleton<PaymentLedger>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PaymentLedgerCleanup>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<PaymentLedgerCleanup>());

        builder.Services.AddHostedService<ProviderBehaviourAtStart>();
        builder.Services.AddResiliencePipeline(ProviderChaos.PipelineName, (pipeline, context) =>
            pipeline.AddProviderChaos(context.ServiceProvider));

        return builder;
    }
}
