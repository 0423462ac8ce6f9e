using Grpc.Core;
using Reference.Dashboard.Otlp.Proto.Collector.Logs;
using Reference.Dashboard.Otlp.Proto.Collector.Metrics;
using Reference.Dashboard.Otlp.Proto.Collector.Trace;

namespace Reference.Dashboard.Otlp;

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>.</summary>
internal sealed class OtlpGrpcTraceService(TelemetryIngest ingest) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        ingest.AcceptTraces(request);
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.logs.v1.LogsService/Export</c>.</summary>
internal sealed class OtlpGrpcLogsService(TelemetryIngest ingest) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        ingest.AcceptLogs(request);
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>.</summary>
internal sealed class OtlpGrpcMetricsService(TelemetryIngest ingest) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        ingest.AcceptMetrics(request);
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}
