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
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddGracefulShutdown();
        builder.AddProblemDetailsDefaults();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Resilience first, then discovery, as the Aspire template does: the resilience handler
            // wraps the whole call and every attempt resolves an endpoint afresh.
            http.AddDefaultResilience(builder.Configuration);
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Maps /health (readiness), /alive (liveness) and /metrics (Prometheus text), and installs the
    /// problem-details error handling. Call right after <c>Build()</c> so the handlers wrap everything.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseProblemDetailsDefaults();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }
}
