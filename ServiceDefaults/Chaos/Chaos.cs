using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults;

/// <summary>
/// In-process chaos: the index of this folder. Registers the switchboard (what is injected where), the
/// telemetry and the data pipelines in every service; with <c>Chaos:Enabled</c> every HttpClient gets the
/// chaos strategies innermost and <c>/admin/chaos</c> is mapped. Enabled in Production, start-up fails.
/// </summary>
public static class Chaos
{
    public static TBuilder AddChaos<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var environment = builder.Environment;
        builder.Services.AddOptions<ChaosOptions>()
            .BindConfiguration(ChaosOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !(o.Enabled && environment.IsProduction()),
                "Chaos:Enabled is true in Production. Chaos is refused there: unset Chaos__Enabled, or run in another environment (Development, Testing).")
            .Validate(o => o.DefaultTtl <= o.MaxTtl, "Chaos:DefaultTtl must not exceed Chaos:MaxTtl.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChaosSwitchboard>();
        builder.Services.AddSingleton<ChaosTelemetry>();
        builder.Services.AddSingleton<ChaosPipelines>();
        return builder;
    }

    /// <summary>Read at registration time: handlers are added to HttpClients only when chaos is on.</summary>
    internal static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>($"{ChaosOptions.Section}:{nameof(ChaosOptions.Enabled)}");

    /// <summary>The chaos handler goes after the standard resilience handler, so it is inside it: innermost.</summary>
    internal static IHttpClientBuilder AddChaosHandler(this IHttpClientBuilder http, IConfiguration configuration)
    {
        if (IsEnabled(configuration))
        {
            http.AddResilienceHandler("chaos", (pipeline, context) => pipeline.AddHttpChaos(context.ServiceProvider));
        }
        return http;
    }

    internal static WebApplication MapChaosEndpoints(this WebApplication app)
    {
        // Created now, not at the first injection: its gauge of the faults in force is scraped from the start.
        app.Services.GetRequiredService<ChaosTelemetry>();
        // Not mapped when off: /admin/chaos answers 404, as if chaos did not exist.
        if (app.Services.GetRequiredService<IOptions<ChaosOptions>>().Value.Enabled)
        {
            app.MapChaosApi();
        }
        return app;
    }
}
