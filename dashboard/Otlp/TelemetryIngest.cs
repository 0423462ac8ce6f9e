using Reference.Dashboard.Slo;
using Reference.Dashboard.Storage;
using Proto = Reference.Dashboard.Otlp.Proto;

namespace Reference.Dashboard.Otlp;

/// <summary>
/// The one way in for telemetry, shared by the gRPC and HTTP receivers: maps OTLP messages, stores
/// them, and feeds the gateway's server spans to the SLO ledger (which outlives span eviction).
/// </summary>
public sealed class TelemetryIngest(TelemetryStore store, SloLedger sloLedger)
{
    internal int AcceptTraces(Proto.Collector.Trace.ExportTraceServiceRequest request)
    {
        var spans = OtlpMapper.Spans(request.ResourceSpans);
        store.AddSpans(spans);
        sloLedger.Observe(spans);
        return spans.Count;
    }

    internal int AcceptLogs(Proto.Collector.Logs.ExportLogsServiceRequest request)
    {
        var logs = OtlpMapper.Logs(request.ResourceLogs);
        store.AddLogs(logs);
        return logs.Count;
    }

    internal int AcceptMetrics(Proto.Collector.Metrics.ExportMetricsServiceRequest request) =>
        OtlpMapper.AddMetrics(request.ResourceMetrics, store);
}
