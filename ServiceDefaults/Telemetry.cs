using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Reference.ServiceDefaults;

/// <summary>Logs, metrics and traces through OpenTelemetry; OTLP export only when an endpoint is configured.</summary>
public static class Telemetry
{
    /// <summary>
    /// Buckets for <c>http.server.request.duration</c> (seconds). They include every SLO latency
    /// threshold (0.2, 0.25, 0.8 s) so an SLI read from the histogram is exact at the threshold,
    /// not interpolated between neighbouring buckets.
    /// </summary>
    public static readonly double[] RequestDurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.25, 0.5, 0.75, 0.8, 1, 2, 2.5, 5, 10];

    /// <summary>Paths that are plumbing, not user traffic: never traced, never rate-limited, never in an SLO.</summary>
    public static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(HealthEndpoints.ReadinessPath)
        || path.StartsWithSegments(HealthEndpoints.LivenessPath)
        || path.StartsWithSegments(MetricsPath);

    public const string MetricsPath = "/metrics";

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry();

        // OTEL_SERVICE_NAME (set by the AppHost, as Aspire does) wins; otherwise name the service
        // after the application so a service run by hand still has a sensible identity.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            otel.ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName));
        }

        // Postgres traces and metrics, and Redis traces, are added by their Aspire clients (Data/), only
        // in the services that use them.
        otel.WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Polly")
                .AddMeter(ChaosTelemetry.MeterName)
                .AddMeter(builder.Environment.ApplicationName)
                .AddView("http.server.request.duration",
                    new ExplicitBucketHistogramConfiguration { Boundaries = RequestDurationBuckets })
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(aspnet =>
                    aspnet.Filter = context => !IsInfrastructurePath(context.Request.Path))
                .AddHttpClientInstrumentation(http =>
                    // The AppHost and the gateway probe /health constantly; those calls are noise in a trace list.
                    http.FilterHttpRequestMessage = request =>
                        request.RequestUri is null || !IsInfrastructurePath(new PathString(request.RequestUri.AbsolutePath))));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }

    internal static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
