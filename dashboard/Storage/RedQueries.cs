namespace Reference.Dashboard.Storage;

/// <summary>Rate, errors and duration at one moment of one service's <c>http.server.request.duration</c>.</summary>
public sealed record RedPoint(DateTime Time, double RequestsPerSecond, double ErrorRatio, double? P50Ms, double? P95Ms, double? P99Ms);

/// <summary>
/// RED metrics per service from <c>http.server.request.duration</c> histograms: each series' points are
/// turned into per-interval deltas (cumulative points are differenced; a drop in count is a restart),
/// then the deltas of all series of a service (routes, status codes, replicas) are summed per time bucket.
/// </summary>
public static class RedQueries
{
    public const string RequestDurationMetric = "http.server.request.duration";
    public static readonly TimeSpan BucketWidth = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<string> Services(IEnumerable<MetricSeries> series) =>
        series.Where(s => s.Key.Name == RequestDurationMetric && s.Kind == MetricKind.Histogram)
            .Select(s => s.Key.Resource.ServiceName).Distinct().Order().ToArray();

    public static IReadOnlyList<RedPoint> ForService(IEnumerable<MetricSeries> allSeries, string service)
    {
        var buckets = new SortedDictionary<long, Accumulator>();
        foreach (var series in allSeries)
        {
            if (series.Key.Name != RequestDurationMetric || series.Kind != MetricKind.Histogram || series.Key.Resource.ServiceName != service) continue;
            var isError = int.TryParse(series.Attribute("http.response.status_code"), out var status) && status >= 500;
            // Seconds is the convention; tolerate milliseconds from exporters that use it.
            var toMs = series.Unit == "ms" ? 1.0 : 1000.0;
            foreach (var (time, seconds, count, bounds, bucketCounts) in Deltas(series))
            {
                if (count == 0 || seconds <= 0) continue;
                var key = time.Ticks / BucketWidth.Ticks;
                if (!buckets.TryGetValue(key, out var acc)) buckets[key] = acc = new Accumulator();
                acc.Rate += count / seconds;
                acc.Count += count;
                if (isError) acc.Errors += count;
                acc.Add(bounds.Select(b => b * toMs).ToArray(), bucketCounts);
            }
        }

        return buckets.Select(kv => new RedPoint(
            new DateTime(kv.Key * BucketWidth.Ticks, DateTimeKind.Utc),
            kv.Value.Rate,
            kv.Value.Count == 0 ? 0 : (double)kv.Value.Errors / kv.Value.Count,
            kv.Value.Quantile(0.50), kv.Value.Quantile(0.95), kv.Value.Quantile(0.99))).ToArray();
    }

    /// <summary>Per-interval changes of a series: (end time, interval seconds, count, bounds, bucket counts).</summary>
    public static IEnumerable<(DateTime Time, double Seconds, ulong Count, IReadOnlyList<double> Bounds, ulong[] BucketCounts)> Deltas(MetricSeries series)
    {
        var points = series.Points();
        if (!series.IsCumulative)
        {
            foreach (var p in points) yield return (p.Time, (p.Time - p.Start).TotalSeconds, p.Count, p.ExplicitBounds, p.BucketCounts.ToArray());
            yield break;
        }
        // Cumulative: the first point has no baseline (its totals cover an unknown history), so it only anchors the next.
        for (var i = 1; i < points.Length; i++)
        {
            var (previous, current) = (points[i - 1], points[i]);
            var restarted = current.Count < previous.Count || current.Start != previous.Start || current.BucketCounts.Count != previous.BucketCounts.Count;
            if (restarted)
            {
                yield return (current.Time, (current.Time - current.Start).TotalSeconds, current.Count, current.ExplicitBounds, current.BucketCounts.ToArray());
                continue;
            }
            var deltas = new ulong[current.BucketCounts.Count];
            for (var b = 0; b < deltas.Length; b++) deltas[b] = current.BucketCounts[b] - Math.Min(previous.BucketCounts[b], current.BucketCounts[b]);
            yield return (current.Time, (current.Time - previous.Time).TotalSeconds, current.Count - previous.Count, current.ExplicitBounds, deltas);
        }
    }

    private sealed class Accumulator
    {
        public double Rate;
        public ulong Count, Errors;
        private double[]? _bounds;
        private ulong[]? _counts;

        public void Add(double[] bounds, ulong[] counts)
        {
            if (counts.Length != bounds.Length + 1) return;
            if (_bounds is null) { _bounds = bounds; _counts = (ulong[])counts.Clone(); return; }
            // Series with other boundaries cannot be merged bucket by bucket; they still count toward rate and errors.
            if (!_bounds.SequenceEqual(bounds)) return;
            for (var i = 0; i < counts.Length; i++) _counts![i] += counts[i];
        }

        public double? Quantile(double q) => _bounds is null ? null : Histograms.Quantile(q, _bounds, _counts!);
    }
}
