using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Reference.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every service in this system shares, in the shape of the Aspire ServiceDefaults
/// template: telemetry, health, service discovery and resilience, problem details, graceful shutdown.
/// Each concern lives in its own file; this one is the index.
/// </summary>
public static class Extensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddThreadPoolFloor();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddGracefulShutdown();
        builder.AddProblemDetailsDefaults();
        builder.AddUnavailableDefaults();
        builder.AddRequestLimits();
        builder.AddChaos();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Resilience first, then discovery, as the Aspire template does: the resilience handler
            // wraps the whole call and every attempt resolves an endpoint afresh.
            // Chaos after resilience, so it sits inside it (innermost): retries and the breaker see what it injects.
            http.AddDefaultResilience(builder.Configuration);
            http.AddChaosHandler(builder.Configuration);
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Maps /health (readiness), /alive (liveness), /metrics (Prometheus text) and, when chaos is on,
    /// /admin/chaos, and installs the
    /// problem-details error handling. Call right after <c>Build()</c> so the handlers wrap everything.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseProblemDetailsDefaults();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapChaosEndpoints();
        return app;
    }
}
