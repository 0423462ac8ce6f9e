using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Reference.Chaos.FaultProxy.Faults;
using Reference.Chaos.FaultProxy.Proxy;
using Reference.Chaos.FaultProxy.Toxics.Down;

namespace Reference.Chaos.FaultProxy;

public static class FaultProxyExtensions
{
    /// <summary>Everything the proxy is: options checked at start, the fault registry and its expiry, the listener, the API's JSON.</summary>
    public static WebApplicationBuilder AddFaultProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FaultProxyOptions>()
            .Bind(builder.Configuration.GetSection(FaultProxyOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FaultProxyOptions>, FaultProxyOptionsValidation>();

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FaultRegistry>();
        builder.Services.AddSingleton<LeaseBook>();
        builder.Services.AddSingleton<ConnectionTracker>();
        builder.Services.AddSingleton<DownGate>();
        builder.Services.AddHostedService<ProxyListener>();
        builder.Services.AddHostedService<FaultExpiry>();

        builder.Services.AddSingleton<FaultMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(FaultMetrics.MeterName).AddPrometheusExporter());
        return builder;
    }
}
