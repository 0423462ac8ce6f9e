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
        SeenAll(spans.Select(s => (s.Resource, s.End)));
        Interlocked.Increment(ref _version);
    }

    public void AddLogs(IReadOnlyCollection<LogEntry> logs)
    {
        if (logs.Count == 0) return;
        _logs.AddRange(logs);
        SeenAll(logs.Select(l => (l.Resource, l.Time)));
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

    /// <summary>Spans ever accepted (held or since dropped): what the ingestion benchmark counts.</summary>
    public long SpansAccepted => _spans.Added;
    public long LogsAccepted => _logs.Added;

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

    // A batch nearly always comes from one resource: update the shared map once per resource, not once per item.
    private void SeenAll(IEnumerable<(ResourceIdentity Resource, DateTime When)> items)
    {
        foreach (var group in items.GroupBy(i => i.Resource)) Seen(group.Key, group.Max(i => i.When));
    }

    private void Seen(ResourceIdentity resource, DateTime when) =>
        _resources.AddOrUpdate(resource, when, (_, last) => when > last ? when : last);
}

/// <summary>What was dropped to stay within the limits, and what is held now.</summary>
public sealed record DropCounts(long Spans, int SpansHeld, long Logs, int LogsHeld, long MetricPoints, int SeriesHeld)
{
    public long Total => Spans + Logs + MetricPoints;
}
