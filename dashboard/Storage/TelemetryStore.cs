using System.Collections.Concurrent;

namespace Reference.Dashboard.Storage;

/// <summary>
/// Everything the dashboard knows, in memory and bounded per signal (<see cref="TelemetryLimits"/>).
/// Writers are the OTLP receivers; readers (UI pages) take snapshots and never block ingestion for long.
/// </summary>
public sealed class TelemetryStore
{
    private readonly TelemetryLimits _limits;
    private readonly BoundedBuffer<SpanRecord> _spans;
    private readonly BoundedBuffer<LogEntry> _logs;
    private readonly ConcurrentDictionary<MetricSeriesKey, MetricSeries> _series = new();
    private readonly ConcurrentDictionary<ResourceIdentity, DateTime> _resources = new();
    private long _droppedSeriesPoints;
    private long _version;

    public TelemetryStore(TelemetryLimits limits)
    {
        limits.Validate();
        _limits = limits;
        _spans = new BoundedBuffer<SpanRecord>(limits.MaxSpans);
        _logs = new BoundedBuffer<LogEntry>(limits.MaxLogs);
    }

    public TelemetryLimits Limits => _limits;

    /// <summary>Bumped on every write, so a page can re-render only when something changed.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void AddSpans(IReadOnlyCollection<SpanRecord> spans)
    {
        if (spans.Count == 0) return;
        _spans.AddRange(spans);
        foreach (var span in spans) Seen(span.Resource, span.End);
        Interlocked.Increment(ref _version);
    }

    public void AddLogs(IReadOnlyCollection<LogEntry> logs)
    {
        if (logs.Count == 0) return;
        _logs.AddRange(logs);
        foreach (var log in logs) Seen(log.Resource, log.Time);
        Interlocked.Increment(ref _version);
    }

    /// <summary>Adds a point to its series, creating the series unless the series limit is reached.</summary>
    public void AddMetricPoint(MetricSeriesKey key, MetricKind kind, string unit, bool isCumulative,
        IReadOnlyList<KeyValuePair<string, string>> attributes, MetricPoint point)
    {
        if (!_series.TryGetValue(key, out var series))
        {
            if (_series.Count >= _limits.MaxSeries)
            {
                Interlocked.Increment(ref _droppedSeriesPoints);
                return;
            }
            series = _series.GetOrAdd(key, k => new MetricSeries(k, kind, unit, isCumulative, attributes, _limits.MaxPointsPerSeries));
        }
        series.Add(point);
        Seen(key.Resource, point.Time);
        Interlocked.Increment(ref _version);
    }

    public SpanRecord[] Spans() => _spans.Snapshot();
    public LogEntry[] Logs() => _logs.Snapshot();
    public IReadOnlyCollection<MetricSeries> Series() => _series.Values.ToArray();

    /// <summary>Every resource that sent anything, with when it was last heard from.</summary>
    public IReadOnlyDictionary<ResourceIdentity, DateTime> Resources() => new Dictionary<ResourceIdentity, DateTime>(_resources);

    public DropCounts Drops() => new(
        Spans: _spans.Dropped, SpansHeld: _spans.Count,
        Logs: _logs.Dropped, LogsHeld: _logs.Count,
        MetricPoints: Interlocked.Read(ref _droppedSeriesPoints) + _series.Values.Sum(s => s.Dropped),
        SeriesHeld: _series.Count);

    private void Seen(ResourceIdentity resource, DateTime when) =>
        _resources.AddOrUpdate(resource, when, (_, last) => when > last ? when : last);
}

/// <summary>What was dropped to stay within the limits, and what is held now.</summary>
public sealed record DropCounts(long Spans, int SpansHeld, long Logs, int LogsHeld, long MetricPoints, int SeriesHeld)
{
    public long Total => Spans + Logs + MetricPoints;
}
