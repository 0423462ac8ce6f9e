using System.IO.Compression;
using Google.Protobuf;
using Reference.Dashboard.Otlp.Proto.Collector.Logs;
using Reference.Dashboard.Otlp.Proto.Collector.Metrics;
using Reference.Dashboard.Otlp.Proto.Collector.Trace;

namespace Reference.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP with binary protobuf bodies (<c>application/x-protobuf</c>), as the OpenTelemetry
/// exporters send with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>. JSON is refused with 415.
/// </summary>
public static class OtlpHttpApi
{
    public const string ProtobufContentType = "application/x-protobuf";
    public static readonly string[] Paths = ["/v1/traces", "/v1/metrics", "/v1/logs"];

    // Large enough for any sane batch; a bigger body is refused instead of buffered without bound.
    private const long MaxBodyBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapOtlpHttp(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/traces", (HttpContext http, TelemetryIngest ingest) =>
            Receive(http, ExportTraceServiceRequest.Parser, r => ingest.AcceptTraces(r), new ExportTraceServiceResponse()));
        app.MapPost("/v1/metrics", (HttpContext http, TelemetryIngest ingest) =>
            Receive(http, ExportMetricsServiceRequest.Parser, r => ingest.AcceptMetrics(r), new ExportMetricsServiceResponse()));
        app.MapPost("/v1/logs", (HttpContext http, TelemetryIngest ingest) =>
            Receive(http, ExportLogsServiceRequest.Parser, r => ingest.AcceptLogs(r), new ExportLogsServiceResponse()));
        return app;
    }

    private static async Task<IResult> Receive<TRequest>(HttpContext http, MessageParser<TRequest> parser,
        Func<TRequest, int> accept, IMessage response) where TRequest : IMessage<TRequest>
    {
        var contentType = http.Request.ContentType ?? "";
        if (!contentType.StartsWith(ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                title: "Unsupported content type",
                detail: $"Content-Type must be {ProtobufContentType}; got '{contentType}'. OTLP/JSON is not supported.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem(title: "Body too large", detail: $"The body must be at most {MaxBodyBytes} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var body = http.Request.Body;
        if (string.Equals(http.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        // Protobuf parsing is synchronous; buffer the body first so Kestrel's no-sync-IO rule holds.
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            return TypedResults.Problem(title: "Body too large", detail: $"The body must be at most {MaxBodyBytes} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        TRequest request;
        try
        {
            buffer.Position = 0;
            request = parser.ParseFrom(buffer);
        }
        catch (InvalidProtocolBufferException e)
        {
            return TypedResults.Problem(title: "Invalid protobuf body", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        accept(request);
        return TypedResults.Bytes(response.ToByteArray(), ProtobufContentType);
    }
}
