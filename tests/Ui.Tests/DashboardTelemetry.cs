using System.Text.Json;
using Reference.Testing;

namespace Reference.Ui.Tests;

/// <summary>
/// What the services exported to this run's dashboard, read through its telemetry API:
/// <c>GET /api/telemetry/traces?resource=gateway&amp;limit=N</c> answers the newest N traces the gateway took
/// part in, every span of each, as OTLP JSON wrapped in <c>data</c>
/// (<c>resourceSpans[] → resource.attributes (service.name) + scopeSpans[] → spans[]</c>).
/// </summary>
public sealed class DashboardTelemetry(DashboardAccess dashboard) : IDisposable
{
    private readonly HttpClient _api = dashboard.CreateApiClient();

    public async Task<IReadOnlyList<ExportedTrace>> GatewayTracesAsync(int limit = 50)
    {
        using var response = await _api.GetAsync($"/api/telemetry/traces?resource=gateway&limit={limit}");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The dashboard's telemetry API answered {(int)response.StatusCode}: {body}");

        using var json = JsonDocument.Parse(body);
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in json.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resourceSpans.TryGetProperty("resource", out var resource) ? Attributes(resource).GetValueOrDefault("service.name", "") : "";
            foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new ExportedSpan(
                        service,
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("name").GetString()!,
                        span.GetProperty("kind").GetInt32() == ServerKind,
                        // OTLP JSON writes 64-bit nanoseconds as strings.
                        DateTimeOffset.UnixEpoch.AddTicks(long.Parse(span.GetProperty("startTimeUnixNano").GetString()!) / 100),
                        Attributes(span)));
                }
            }
        }
        return [.. spans.GroupBy(s => s.TraceId).Select(t => new ExportedTrace(t.Key, [.. t]))];
    }

    /// <summary>OTLP's SPAN_KIND_SERVER: the span of a request a service received.</summary>
    private const int ServerKind = 2;

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

    public void Dispose() => _api.Dispose();
}

/// <summary>One exported span; <paramref name="Service"/> is its <c>service.name</c>, the AppHost's resource name.</summary>
public sealed record ExportedSpan(string Service, string TraceId, string Name, bool IsServer, DateTimeOffset Start, IReadOnlyDictionary<string, string> Attributes);

public sealed record ExportedTrace(string TraceId, IReadOnlyList<ExportedSpan> Spans)
{
    public override string ToString() =>
        $"{TraceId}: {string.Join(", ", Spans.OrderBy(s => s.Start).Select(s => $"{s.Service} '{s.Name}'"))}";
}
