using Polly;
using Reference.Payments.Infrastructure;

namespace Reference.Payments.Extensions;

public static class Extensions
{
    /// <summary>What the simulated provider needs: its options, ledger and chaos pipeline (behaviour set at start from its options).</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentsOptions>()
            .Bind(builder.Configuration.GetSection(PaymentsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHostedService<ProviderBehaviourAtStart>();
        builder.Services.AddSingleton<PaymentLedger>();
        builder.Services.AddResiliencePipeline(ProviderChaos.PipelineName, (pipeline, context) =>
            pipeline.AddProviderChaos(context.ServiceProvider));

        return builder;
    }
}
