using Polly;
using Microsoft.Extensions.Options;
using Reference.Payments.Infrastructure;
using Reference.Payments.Model;

namespace Reference.Payments.Extensions;

public static class Extensions
{
    /// <summary>What the simulated provider needs: its options, behaviour switch, ledger and chaos pipeline.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentsOptions>()
            .Bind(builder.Configuration.GetSection(PaymentsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PaymentsOptions>>().Value;
            return new BehaviourSwitch(new ProviderBehaviour(options.LatencyMs, options.FailureRate));
        });
        builder.Services.AddSingleton<PaymentLedger>();
        builder.Services.AddResiliencePipeline(ProviderChaos.PipelineName, (pipeline, context) =>
            pipeline.AddProviderChaos(context.ServiceProvider.GetRequiredService<BehaviourSwitch>()));

        return builder;
    }
}
