using System.Net;
using System.Text.Json;
namespace Reference.Testing;

/// <summary>
/// The spans the services exported to this run's Aspire dashboard, read back through its telemetry API
/// (<c>GET /api/telemetry/traces/{traceId}</c>, <c>GET /api/telemetry/traces?resource=…&amp;limit=N</c>). The
/// answer is OTLP JSON wrapped in <c>data</c>: <c>resourceSpans[] → resource.attributes (service.name) +
/// scopeSpans[] → spans[]</c>, span kinds as OTLP numbers and every attribute value as a <c>stringValue</c>.
/// </summary>
public sealed class DashboardTelemetry(DashboardAccess dashboard) : IDisposable
{
    private readonly HttpClient _api = dashboard.CreateApiClient();

    /// <summary>The newest <paramref name="limit"/> traces <paramref name="resource"/> took part in, every span of each.</summary>
    public async Task<IReadOnlyList<ExportedTrace>> GetTracesAsync(string resource, int limit = 50)
    {
        using var response = await _api.GetAsync($"/api/telemetry/traces?resource={Uri.EscapeDataString(resource)}&limit={limit}");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The dashboard's telemetry API answered {(int)response.StatusCode}: {body}");
        return [.. Spans(body).GroupBy(s => s.TraceId).Select(t => new ExportedTrace(t.Key, [.. t]))];
    }

    /// <summary>Every span of <paramref name="traceId"/> the dashboard has received so far; none yet is an empty list.</summary>
    public async Task<IReadOnlyList<TraceSpan>> GetTraceAsync(string traceId)
    {
        using var response = await _api.GetAsync($"/api/telemetry/traces/{traceId}");
        // 404 until the first span of the trace arrives: exporters batch, so that is a while after the request.
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The dashboard's telemetry API answered {(int)response.StatusCode} for trace {traceId}: {body}");

        return Spans(body);
    }

    private static List<TraceSpan> Spans(string body)
    {
        using var json = JsonDocument.Parse(body);
        var spans = new List<TraceSpan>();
        foreach (var resourceSpans in json.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resourceSpans.TryGetProperty("resource", out var resource) ? Attributes(resource).GetValueOrDefault("service.name", "") : "";
            foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
                {
                    var start = UnixNanos(span, "startTimeUnixNano");
                    spans.Add(new TraceSpan(
                        service,
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() ?? "" : "",
                        (SpanKind)span.GetProperty("kind").GetInt32(),
                        span.GetProperty("name").GetString()!,
                        start,
                        UnixNanos(span, "endTimeUnixNano") - start,
                        Attributes(span)));
                }
            }
        }
        return spans;
    }

    /// <summary>OTLP attributes (<c>[{key, value: {stringValue|intValue|…}}]</c>) as text.</summary>
    private static Dictionary<string, string> Attributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>();
        if (!owner.TryGetProperty("attributes", out var list)) return attributes;
        foreach (var attribute in list.EnumerateArray())
        {
            var value = attribute.GetProperty("value").EnumerateObject().FirstOrDefault().Value;
            attributes[attribute.GetProperty("key").GetString()!] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }
        return attributes;
    }

    /// <summary>OTLP JSON writes 64-bit nanoseconds as strings.</summary>
    private static DateTimeOffset UnixNanos(JsonElement span, string property) =>
        DateTimeOffset.UnixEpoch.AddTicks(long.Parse(span.GetProperty(property).GetString()!) / 100);

    public void Dispose() => _api.Dispose();
}

/// <summary>One exported span and the service (<c>service.name</c>: the AppHost's resource name) that exported it.</summary>
public sealed record TraceSpan(
    string Service,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    SpanKind Kind,
    string Name,
    DateTimeOffset Start,
    TimeSpan Duration,
    IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);
}

/// <summary>Every span of one trace the dashboard holds.</summary>
public sealed record ExportedTrace(string TraceId, IReadOnlyList<TraceSpan> Spans)
{
    public override string ToString() =>
        $"{TraceId}: {string.Join(", ", Spans.OrderBy(s => s.Start).Select(s => $"{s.Service} '{s.Name}'"))}";
}

/// <summary>OTLP's span kinds, numbered as on the wire.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
