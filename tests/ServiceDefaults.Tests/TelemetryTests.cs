using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Reference.Testing;

namespace Reference.ServiceDefaults.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public void Request_duration_buckets_contain_every_slo_threshold_in_ascending_order()
    {
        Assert.Contains(0.2, Telemetry.RequestDurationBuckets);
        Assert.Contains(0.25, Telemetry.RequestDurationBuckets);
        Assert.Contains(0.8, Telemetry.RequestDurationBuckets);
        Assert.Equal(Telemetry.RequestDurationBuckets.Order(), Telemetry.RequestDurationBuckets);
    }

    [Theory]
    [InlineData("/health", true)]
    [InlineData("/alive", true)]
    [InlineData("/metrics", true)]
    [InlineData("/health/extra", true)]
    [InlineData("/HEALTH", true)]
    [InlineData("/healthz", false)]
    [InlineData("/api/catalog/items", false)]
    [InlineData("/api/health", false)]
    [InlineData("/", false)]
    public void Infrastructure_paths_are_health_liveness_and_metrics_only(string path, bool expected) =>
        Assert.Equal(expected, Telemetry.IsInfrastructurePath(new PathString(path)));

    [Fact]
    public async Task The_metrics_endpoint_serves_request_durations_with_the_slo_buckets()
    {
        await using var app = await TestApp.StartAsync(TestApp.CreateBuilder(), a => a.MapGet("/ping", () => "pong"));
        var client = app.GetTestClient();
        Assert.Equal("pong", await client.GetStringAsync("/ping"));

        var text = await Eventually.ReturnsAsync(() => client.GetStringAsync("/metrics"),
            t => t.Contains("http_server_request_duration_seconds_bucket"), "the request histogram to be scraped");

        foreach (var bound in new[] { "0.2", "0.25", "0.8" })
        {
            Assert.Contains($"le=\"{bound}\"", text);
        }
    }

    [Fact]
    public async Task Infrastructure_requests_are_not_traced_but_user_requests_are()
    {
        var spans = new List<Activity>();
        var builder = TestApp.CreateBuilder();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        await using var app = await TestApp.StartAsync(builder, a => a.MapGet("/ping", () => "pong"));
        var client = app.GetTestClient();
        // Other tests' apps run in parallel and their spans reach this exporter too: every request here
        // continues one trace of ours, and only spans of that trace are counted.
        var traceId = ActivityTraceId.CreateRandom();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        foreach (var path in new[] { "/health", "/alive", "/metrics" })
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }
        await client.GetStringAsync("/ping");

        await Eventually.UntilAsync(() => Paths(spans, traceId).Contains("/ping"), "a span for /ping");
        Assert.Equal(["/ping"], Paths(spans, traceId));
    }

    private static List<string?> Paths(List<Activity> spans, ActivityTraceId traceId) =>
        spans.ToArray()
            .Where(s => s.Kind == ActivityKind.Server && s.TraceId == traceId)
            .Select(s => s.GetTagItem("url.path") as string)
            .ToList();

    [Fact]
    public async Task Without_an_otlp_endpoint_no_exporter_is_registered()
    {
        var builder = TestApp.CreateBuilder();
        builder.AddServiceDefaults();

        Assert.False(HasOtlpServices(builder.Services), "no OTLP exporter should be registered without OTEL_EXPORTER_OTLP_ENDPOINT");
        await using var app = builder.Build();
        await app.StartAsync();
        await app.StopAsync();
    }

    [Fact]
    public async Task With_an_otlp_endpoint_traces_are_exported_to_it()
    {
        // A stand-in collector on a free loopback port that records which signal each export carried.
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", (string signal) => { received.Enqueue(signal); return Results.Ok(); });
        await collector.StartAsync();
        var endpoint = collector.Urls.Single();

        var builder = TestApp.CreateBuilder(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        await using (var app = await TestApp.StartAsync(builder, a => a.MapGet("/ping", () => "pong")))
        {
            Assert.True(HasOtlpServices(builder.Services));
            Assert.Equal(HttpStatusCode.OK, (await app.GetTestClient().GetAsync("/ping")).StatusCode);
            // Stopping flushes the batch exporters, so the span is sent now rather than in five seconds.
            await app.StopAsync();
        }

        await Eventually.UntilAsync(() => received.Contains("traces"), $"the collector at {endpoint} to receive traces");
    }

    private static bool HasOtlpServices(IServiceCollection services) =>
        services.Any(d => d.ServiceType.ToString().Contains("Otlp", StringComparison.Ordinal)
            || (d.ImplementationType?.ToString().Contains("Otlp", StringComparison.Ordinal) ?? false));
}
