using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Reference.Dashboard.Storage;

namespace Reference.Dashboard.Tests;

/// <summary>
/// The receiver fed by the real OpenTelemetry .NET OTLP exporter (the one every service uses),
/// over gRPC and over HTTP/protobuf, into a dashboard listening on real loopback sockets.
/// </summary>
public sealed class OtlpExporterTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    public static TheoryData<OtlpExportProtocol> Protocols => new() { OtlpExportProtocol.Grpc, OtlpExportProtocol.HttpProtobuf };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Spans_arrive_with_names_attributes_trace_ids_parents_and_service_name(OtlpExportProtocol protocol)
    {
        var service = $"svc-traces-{protocol}";
        var sourceName = $"test.{protocol}";
        using var source = new ActivitySource(sourceName);
        using (var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .ConfigureResource(r => r.AddService(service, serviceInstanceId: "instance-1"))
            .AddOtlpExporter(o => Configure(o, protocol, "/v1/traces"))
            .Build())
        {
            string traceId, parentId;
            using (var parent = source.StartActivity("POST /api/orders", ActivityKind.Server)!)
            {
                parent.SetTag("http.request.method", "POST");
                parent.SetTag("http.response.status_code", 201);
                traceId = parent.TraceId.ToHexString();
                parentId = parent.SpanId.ToHexString();
                using var call = source.StartActivity("payments authorise", ActivityKind.Client)!;
                call.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["attempt"] = 2 }));
                call.SetStatus(ActivityStatusCode.Error, "provider timed out");
            }
            Assert.True(tracer.ForceFlush(10_000), "the exporter did not flush");

            var spans = await Eventually.Get(() =>
            {
                var found = fixture.Host.Store.Spans().Where(s => s.TraceId == traceId).ToArray();
                return found.Length == 2 ? found : null;
            }, $"two spans of trace {traceId} over {protocol}");

            var root = Assert.Single(spans, s => s.IsRoot);
            Assert.Equal("POST /api/orders", root.Name);
            Assert.Equal(parentId, root.SpanId);
            Assert.Equal(Storage.SpanKind.Server, root.Kind);
            Assert.Equal(service, root.Resource.ServiceName);
            Assert.Equal("instance-1", root.Resource.InstanceId);
            Assert.Equal("POST", root.Attribute("http.request.method"));
            Assert.Equal("201", root.Attribute("http.response.status_code"));
            Assert.Equal(sourceName, root.Scope);

            var child = Assert.Single(spans, s => !s.IsRoot);
            Assert.Equal(parentId, child.ParentSpanId);
            Assert.Equal(SpanStatus.Error, child.Status);
            Assert.Equal("provider timed out", child.StatusMessage);
            var retry = Assert.Single(child.Events);
            Assert.Equal("retry", retry.Name);
            Assert.Contains(new KeyValuePair<string, string>("attempt", "2"), retry.Attributes);
            Assert.True(child.Start >= root.Start && child.End <= root.End, "the child span should sit inside its parent");
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Logs_arrive_with_level_message_attributes_and_trace_context(OtlpExportProtocol protocol)
    {
        var service = $"svc-logs-{protocol}";
        var sourceName = $"logs.{protocol}";
        using var source = new ActivitySource(sourceName);
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(sourceName).Build();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service));
            o.AddOtlpExporter(e => Configure(e, protocol, "/v1/logs"));
        }));
        var logger = loggerFactory.CreateLogger("Ordering.Checkout");

        string traceId;
        using (var activity = source.StartActivity("checkout")!)
        {
            traceId = activity.TraceId.ToHexString();
            logger.LogWarning("Payment for order {OrderId} is pending", 42);
        }
        loggerFactory.Dispose(); // flushes the batch

        var log = await Eventually.Get(() => fixture.Host.Store.Logs().FirstOrDefault(l => l.Resource.ServiceName == service),
            $"a log record from {service}");
        Assert.Equal(LogLevelName.Warning, log.Level);
        Assert.Equal("Payment for order 42 is pending", log.Message);
        Assert.Equal("Ordering.Checkout", log.Category);
        Assert.Equal(traceId, log.TraceId);
        Assert.Contains(new KeyValuePair<string, string>("OrderId", "42"), log.Attributes);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Histogram_points_arrive_with_bucket_counts_per_attribute_set(OtlpExportProtocol protocol)
    {
        var service = $"svc-metrics-{protocol}";
        var meterName = $"meter.{protocol}";
        using var meter = new Meter(meterName);
        var duration = meter.CreateHistogram<double>("http.server.request.duration", unit: "s");
        using var meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .ConfigureResource(r => r.AddService(service))
            .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = [0.1, 0.2, 0.5] })
            .AddOtlpExporter((e, reader) =>
            {
                Configure(e, protocol, "/v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000; // only ForceFlush exports
            })
            .Build();

        foreach (var seconds in new[] { 0.05, 0.15, 0.15, 0.3, 0.9 })
            duration.Record(seconds, new KeyValuePair<string, object?>("http.response.status_code", 200));
        duration.Record(0.05, new KeyValuePair<string, object?>("http.response.status_code", 503));
        Assert.True(meters.ForceFlush(10_000), "the exporter did not flush");

        var series = await Eventually.Get(() =>
        {
            var found = fixture.Host.Store.Series().Where(s => s.Key.Resource.ServiceName == service && s.Key.Name == "http.server.request.duration").ToArray();
            return found.Length == 2 ? found : null;
        }, $"two histogram series from {service}");

        var ok = Assert.Single(series, s => s.Attribute("http.response.status_code") == "200");
        Assert.Equal(MetricKind.Histogram, ok.Kind);
        Assert.True(ok.IsCumulative, "the .NET exporter sends cumulative histograms by default");
        var point = Assert.Single(ok.Points());
        Assert.Equal(5UL, point.Count);
        Assert.Equal([0.1, 0.2, 0.5], point.ExplicitBounds);
        Assert.Equal([1UL, 2UL, 1UL, 1UL], point.BucketCounts);
        Assert.Equal(1.55, point.Sum, 6);
        Assert.Equal(1UL, Assert.Single(Assert.Single(series, s => s.Attribute("http.response.status_code") == "503").Points()).Count);
    }

    private void Configure(OtlpExporterOptions options, OtlpExportProtocol protocol, string httpPath)
    {
        options.Protocol = protocol;
        // With the endpoint set in code, the HTTP exporter posts to it as given: the signal path is ours to add.
        options.Endpoint = protocol == OtlpExportProtocol.Grpc
            ? fixture.Host.Endpoints.OtlpGrpc
            : new Uri(fixture.Host.Endpoints.OtlpHttp, httpPath);
        options.ExportProcessorType = ExportProcessorType.Batch;
    }
}
