namespace Reference.Dashboard.Storage;

/// <summary>A metric time series and its most recent points (bounded; oldest first out).</summary>
public sealed class MetricSeries(MetricSeriesKey key, MetricKind kind, string unit, bool isCumulative,
    IReadOnlyList<KeyValuePair<string, string>> attributes, int maxPoints)
{
    private readonly BoundedBuffer<MetricPoint> _points = new(maxPoints);

    public MetricSeriesKey Key { get; } = key;
    public MetricKind Kind { get; } = kind;
    public string Unit { get; } = unit;
    /// <summary>Cumulative points carry totals since <see cref="MetricPoint.Start"/>; delta points carry one interval.</summary>
    public bool IsCumulative { get; } = isCumulative;
    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; } = attributes;

    public long Dropped => _points.Dropped;
    public MetricPoint[] Points() => _points.Snapshot();
    internal void Add(MetricPoint point) => _points.Add(point);

    public string? Attribute(string key)
    {
        foreach (var kv in Attributes) if (kv.Key == key) return kv.Value;
        return null;
    }
}
