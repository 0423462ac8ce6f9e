using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Reference.Dashboard.Storage;
using Proto = Reference.Dashboard.Otlp.Proto;

namespace Reference.Dashboard.Otlp;

/// <summary>Turns OTLP protobuf messages into the store's records (hex ids, UTC times, string attributes).</summary>
internal static class OtlpMapper
{
    public static ResourceIdentity Resource(Proto.Resource.Resource? resource)
    {
        if (resource is null) return ResourceIdentity.Unknown;
        string? service = null, instance = null;
        foreach (var kv in resource.Attributes)
        {
            if (kv.Key == "service.name") service = Text(kv.Value);
            else if (kv.Key == "service.instance.id") instance = Text(kv.Value);
        }
        return new ResourceIdentity(string.IsNullOrEmpty(service) ? ResourceIdentity.Unknown.ServiceName : service, instance ?? "");
    }

    public static List<SpanRecord> Spans(RepeatedField<Proto.Trace.ResourceSpans> resourceSpans)
    {
        var result = new List<SpanRecord>();
        foreach (var rs in resourceSpans)
        {
            var resource = Resource(rs.Resource);
            foreach (var ss in rs.ScopeSpans)
            {
                var scope = ss.Scope?.Name ?? "";
                foreach (var s in ss.Spans)
                {
                    result.Add(new SpanRecord(
                        resource, scope,
                        Hex(s.TraceId), Hex(s.SpanId), Hex(s.ParentSpanId),
                        s.Name, (SpanKind)(int)s.Kind,
                        Time(s.StartTimeUnixNano), Time(s.EndTimeUnixNano),
                        (SpanStatus)(int)(s.Status?.Code ?? Proto.Trace.Status.Types.StatusCode.Unset),
                        s.Status?.Message ?? "",
                        Attributes(s.Attributes),
                        s.Events.Count == 0 ? [] : s.Events.Select(e => new SpanEvent(Time(e.TimeUnixNano), e.Name, Attributes(e.Attributes))).ToArray()));
                }
            }
        }
        return result;
    }

    public static List<LogEntry> Logs(RepeatedField<Proto.Logs.ResourceLogs> resourceLogs)
    {
        var result = new List<LogEntry>();
        foreach (var rl in resourceLogs)
        {
            var resource = Resource(rl.Resource);
            foreach (var sl in rl.ScopeLogs)
            {
                var category = sl.Scope?.Name ?? "";
                foreach (var l in sl.LogRecords)
                {
                    var time = l.TimeUnixNano != 0 ? l.TimeUnixNano : l.ObservedTimeUnixNano;
                    result.Add(new LogEntry(
                        resource, category, Time(time),
                        LogEntry.LevelFromSeverity((int)l.SeverityNumber),
                        l.Body is null ? "" : Text(l.Body),
                        Hex(l.TraceId), Hex(l.SpanId),
                        Attributes(l.Attributes)));
                }
            }
        }
        return result;
    }

    /// <summary>Feeds every gauge, sum and explicit-bucket histogram point to the store; returns how many points it read.</summary>
    public static int AddMetrics(RepeatedField<Proto.Metrics.ResourceMetrics> resourceMetrics, TelemetryStore store)
    {
        var points = 0;
        foreach (var rm in resourceMetrics)
        {
            var resource = Resource(rm.Resource);
            foreach (var sm in rm.ScopeMetrics)
            {
                foreach (var m in sm.Metrics)
                {
                    switch (m.DataCase)
                    {
                        case Proto.Metrics.Metric.DataOneofCase.Gauge:
                            foreach (var p in m.Gauge.DataPoints) { AddNumber(store, resource, m, MetricKind.Gauge, false, p); points++; }
                            break;
                        case Proto.Metrics.Metric.DataOneofCase.Sum:
                            var sumCumulative = m.Sum.AggregationTemporality == Proto.Metrics.AggregationTemporality.Cumulative;
                            foreach (var p in m.Sum.DataPoints) { AddNumber(store, resource, m, MetricKind.Sum, sumCumulative, p); points++; }
                            break;
                        case Proto.Metrics.Metric.DataOneofCase.Histogram:
                            var histogramCumulative = m.Histogram.AggregationTemporality == Proto.Metrics.AggregationTemporality.Cumulative;
                            foreach (var p in m.Histogram.DataPoints)
                            {
                                var attributes = Attributes(p.Attributes);
                                store.AddMetricPoint(new MetricSeriesKey(resource, m.Name, AttributesKey(attributes)), MetricKind.Histogram,
                                    m.Unit, histogramCumulative, attributes,
                                    new MetricPoint(Time(p.StartTimeUnixNano), Time(p.TimeUnixNano), 0, p.Count, p.HasSum ? p.Sum : 0,
                                        p.BucketCounts.ToArray(), p.ExplicitBounds.ToArray()));
                                points++;
                            }
                            break;
                    }
                }
            }
        }
        return points;
    }

    private static void AddNumber(TelemetryStore store, ResourceIdentity resource, Proto.Metrics.Metric metric, MetricKind kind,
        bool cumulative, Proto.Metrics.NumberDataPoint p)
    {
        var attributes = Attributes(p.Attributes);
        var value = p.ValueCase == Proto.Metrics.NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble;
        store.AddMetricPoint(new MetricSeriesKey(resource, metric.Name, AttributesKey(attributes)), kind, metric.Unit, cumulative,
            attributes, new MetricPoint(Time(p.StartTimeUnixNano), Time(p.TimeUnixNano), value, 0, 0, [], []));
    }

    public static string AttributesKey(IReadOnlyList<KeyValuePair<string, string>> attributes) =>
        string.Join("|", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    public static KeyValuePair<string, string>[] Attributes(RepeatedField<Proto.Common.KeyValue> attributes)
    {
        if (attributes.Count == 0) return [];
        var result = new KeyValuePair<string, string>[attributes.Count];
        for (var i = 0; i < attributes.Count; i++) result[i] = new(attributes[i].Key, Text(attributes[i].Value));
        return result;
    }

    public static string Text(Proto.Common.AnyValue? value) => value?.ValueCase switch
    {
        Proto.Common.AnyValue.ValueOneofCase.StringValue => value.StringValue,
        Proto.Common.AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        Proto.Common.AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        Proto.Common.AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        Proto.Common.AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        Proto.Common.AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {Text(kv.Value)}")) + "}",
        Proto.Common.AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    public static string Hex(ByteString bytes) => bytes.IsEmpty ? "" : Convert.ToHexStringLower(bytes.Span);

    public static DateTime Time(ulong unixNanos) =>
        unixNanos == 0 ? DateTime.UnixEpoch : DateTime.UnixEpoch.AddTicks((long)(unixNanos / 100));
}
