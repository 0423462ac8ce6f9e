using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Google.Protobuf;
using Reference.Dashboard.Hosting;
using Reference.Dashboard.Otlp;
using Proto = Reference.Dashboard.Otlp.Proto;

namespace Reference.Dashboard.Benchmark;

/// <summary>
/// <c>Dashboard --benchmark [--seconds N] [--batch N] [--concurrency N]</c>: how many spans per second the
/// dashboard ingests, and its working set with the store full. Not a test (speed is measured, not
/// asserted). It starts the dashboard in this process on free loopback ports and posts pre-encoded
/// OTLP/HTTP protobuf batches at it from a few concurrent clients, so the figure includes HTTP, parsing,
/// mapping and storing, and the clients share the CPU (pin with <c>taskset -c 0</c> for "one core").
/// </summary>
public static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var batch = Option(args, "--batch", 200);
        var concurrency = Option(args, "--concurrency", 4);
        if (seconds < 1 || batch < 1 || concurrency < 1)
        {
            Console.Error.WriteLine("benchmark: --seconds, --batch and --concurrency must be positive integers.");
            return 2;
        }

        var settings = DashboardHost.FreePortSettings();
        settings["Logging:LogLevel:Default"] = "Warning";
        await using var host = await DashboardHost.StartAsync(settings);
        var store = host.Store;
        Console.WriteLine($"benchmark: dashboard on {host.Endpoints.OtlpHttp}, {Environment.ProcessorCount} CPU(s) visible, " +
                          $"limits {store.Limits.MaxSpans} spans / {store.Limits.MaxLogs} logs; {concurrency} clients x {batch} spans per batch, {seconds} s");

        var traces = SpanBatch(batch).ToByteArray();
        var logs = LogBatch(batch).ToByteArray();
        using var http = new HttpClient { BaseAddress = host.Endpoints.OtlpHttp };

        // Fill the logs too, so the memory figure is for a full store, then warm up the span path.
        for (var sent = 0; sent < store.Limits.MaxLogs * 2; sent += batch) await Post(http, "/v1/logs", logs);
        await RunFor(TimeSpan.FromSeconds(2), concurrency, () => Post(http, "/v1/traces", traces));

        // Over loopback HTTP, with progress every second.
        var start = store.SpansAccepted;
        var cpuStart = CpuTime();
        var watch = Stopwatch.StartNew();
        using var progress = new Timer(_ => Console.WriteLine(
            $"  {watch.Elapsed.TotalSeconds,4:0} s  {(store.SpansAccepted - start) / watch.Elapsed.TotalSeconds,10:N0} spans/s"), null, 1000, 1000);
        await RunFor(TimeSpan.FromSeconds(seconds), concurrency, () => Post(http, "/v1/traces", traces));
        var httpRate = (store.SpansAccepted - start) / watch.Elapsed.TotalSeconds;
        // Per CPU-second of this process: what one fully available core would do, even on a busy machine
        // where wall-clock rates mostly measure the neighbours. Includes the in-process clients' CPU.
        var httpPerCpu = (store.SpansAccepted - start) / (CpuTime() - cpuStart).TotalSeconds;
        await progress.DisposeAsync();

        // In-process path second: parse + map + store, no HTTP (the ceiling the receiver could reach).
        var ingest = host.Services.GetRequiredService<TelemetryIngest>();
        var inProcessStart = store.SpansAccepted;
        var inProcessCpuStart = CpuTime();
        watch.Restart();
        while (watch.Elapsed < TimeSpan.FromSeconds(Math.Min(seconds, 5)))
            ingest.AcceptTraces(Proto.Collector.Trace.ExportTraceServiceRequest.Parser.ParseFrom(traces));
        var inProcessRate = (store.SpansAccepted - inProcessStart) / watch.Elapsed.TotalSeconds;
        var inProcessPerCpu = (store.SpansAccepted - inProcessStart) / (CpuTime() - inProcessCpuStart).TotalSeconds;

        // Protobuf parsing alone: how much of the in-process cost is the wire format itself.
        long parsed = 0;
        watch.Restart();
        while (watch.Elapsed < TimeSpan.FromSeconds(Math.Min(seconds, 3)))
            parsed += Proto.Collector.Trace.ExportTraceServiceRequest.Parser.ParseFrom(traces).ResourceSpans[0].ScopeSpans[0].Spans.Count;
        var parseRate = parsed / watch.Elapsed.TotalSeconds;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var drops = store.Drops();
        Console.WriteLine();
        Console.WriteLine($"spans/s over OTLP/HTTP protobuf : {N(httpRate)} wall clock, {N(httpPerCpu)} per CPU-second");
        Console.WriteLine($"spans/s in process (no HTTP)    : {N(inProcessRate)} wall clock, {N(inProcessPerCpu)} per CPU-second");
        Console.WriteLine($"spans/s protobuf parse only     : {N(parseRate)} wall clock");
        Console.WriteLine($"load average at the end         : {LoadAverage()}");
        Console.WriteLine($"working set with the store full : {self.WorkingSet64 / (1024 * 1024)} MiB (GC heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB)");
        Console.WriteLine($"store: {drops.SpansHeld} spans held ({drops.Spans:N0} dropped), {drops.LogsHeld} logs held ({drops.Logs:N0} dropped)");
        return 0;
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static async Task Post(HttpClient http, string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(OtlpHttpApi.ProtobufContentType);
        using var response = await http.PostAsync(path, content);
        response.EnsureSuccessStatusCode();
    }

    private static async Task RunFor(TimeSpan duration, int concurrency, Func<Task> work)
    {
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (DateTime.UtcNow < until) await work();
        }));
    }

    /// <summary>A gateway-like batch: server spans with the attributes ASP.NET Core instrumentation sets.</summary>
    private static Proto.Collector.Trace.ExportTraceServiceRequest SpanBatch(int count)
    {
        var scope = new Proto.Trace.ScopeSpans { Scope = new Proto.Common.InstrumentationScope { Name = "Microsoft.AspNetCore" } };
        var now = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        for (var i = 0; i < count; i++)
        {
            var span = new Proto.Trace.Span
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)i + 1)),
                Name = "GET /api/catalog/items/{id}",
                Kind = Proto.Trace.Span.Types.SpanKind.Server,
                StartTimeUnixNano = now,
                EndTimeUnixNano = now + 12_000_000,
            };
            span.Attributes.Add(Attr("http.request.method", "GET"));
            span.Attributes.Add(Attr("url.path", $"/api/catalog/items/{i}"));
            span.Attributes.Add(Attr("url.scheme", "http"));
            span.Attributes.Add(Attr("http.route", "/api/catalog/items/{id}"));
            span.Attributes.Add(Attr("server.address", "127.0.0.1"));
            span.Attributes.Add(Attr("network.protocol.version", "1.1"));
            span.Attributes.Add(Attr("user_agent.original", "loadtest/1.0"));
            span.Attributes.Add(new Proto.Common.KeyValue { Key = "http.response.status_code", Value = new Proto.Common.AnyValue { IntValue = 200 } });
            scope.Spans.Add(span);
        }
        var resourceSpans = new Proto.Trace.ResourceSpans { Resource = Resource(), ScopeSpans = { scope } };
        return new Proto.Collector.Trace.ExportTraceServiceRequest { ResourceSpans = { resourceSpans } };
    }

    private static Proto.Collector.Logs.ExportLogsServiceRequest LogBatch(int count)
    {
        var scope = new Proto.Logs.ScopeLogs { Scope = new Proto.Common.InstrumentationScope { Name = "Gateway.Requests" } };
        for (var i = 0; i < count; i++)
        {
            var record = new Proto.Logs.LogRecord
            {
                TimeUnixNano = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100,
                SeverityNumber = Proto.Logs.SeverityNumber.Info,
                Body = new Proto.Common.AnyValue { StringValue = $"Request {i} finished in 12 ms with 200" },
            };
            record.Attributes.Add(Attr("RequestId", Guid.NewGuid().ToString()));
            scope.LogRecords.Add(record);
        }
        return new Proto.Collector.Logs.ExportLogsServiceRequest { ResourceLogs = { new Proto.Logs.ResourceLogs { Resource = Resource(), ScopeLogs = { scope } } } };
    }

    private static Proto.Resource.Resource Resource() => new()
    {
        Attributes = { Attr("service.name", "gateway"), Attr("service.instance.id", "benchmark") },
    };

    private static Proto.Common.KeyValue Attr(string key, string value) =>
        new() { Key = key, Value = new Proto.Common.AnyValue { StringValue = value } };

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0) return fallback;
        // Present but missing or not a number: -1, which the caller reports as bad input.
        return i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : -1;
    }
}
