using Reference.Gateway.Infrastructure;
using Reference.ServiceDefaults.Admission;
using Reference.ServiceDefaults.Buyers;
using Yarp.ReverseProxy.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>What the gateway registers: its options, buyer tokens and a YARP proxy fed from service discovery configuration.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Issues buyer tokens (Apis/BuyersApi.cs) and verifies them for the per-client rate limit.
        builder.AddBuyerTokens();

        // Destinations come from services:<name>:http:<i> (what the AppHost sets, as Aspire does);
        // Microsoft.Extensions.ServiceDiscovery.Yarp is not served here, so this provider does its job.
        builder.Services.AddSingleton<IRequestCriticality, JourneyCriticality>();
        builder.Services.AddSingleton<SyntheticTraffic>();
        builder.Services.AddSingleton<IProxyConfigProvider, ServiceDiscoveryProxyConfigProvider>();
        builder.Services.AddReverseProxy();
        return builder;
    }
}
