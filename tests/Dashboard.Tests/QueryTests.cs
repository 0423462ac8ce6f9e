using Reference.Dashboard.Storage;

namespace Reference.Dashboard.Tests;

/// <summary>Quantiles, RED deltas and the waterfall, against numbers worked out by hand.</summary>
public sealed class QueryTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly ResourceIdentity Gateway = new("gateway", "g-0");

    [Fact]
    public void Quantiles_interpolate_inside_the_bucket_they_fall_in()
    {
        double[] bounds = [100, 200, 500];
        ulong[] counts = [10, 80, 10, 0];
        Assert.Equal(150, Histograms.Quantile(0.50, bounds, counts)); // rank 50: 40 of 80 into 100..200
        Assert.Equal(350, Histograms.Quantile(0.95, bounds, counts)); // rank 95: 5 of 10 into 200..500
        Assert.Equal(470, Histograms.Quantile(0.99, bounds, counts)!.Value, 9); // rank 99: 9 of 10
        Assert.Equal(500, Histograms.Quantile(0.5, bounds, [0, 0, 0, 5])); // overflow: the highest bound is all we know
        Assert.Null(Histograms.Quantile(0.5, bounds, [0, 0, 0, 0]));
    }

    [Fact]
    public void Red_differences_cumulative_points_and_sums_series_of_a_service()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        double[] bounds = [0.1, 0.2, 0.5];
        void Point(string status, int secondsAfter, ulong[] buckets) =>
            store.AddMetricPoint(new MetricSeriesKey(Gateway, RedQueries.RequestDurationMetric, status), MetricKind.Histogram, "s", true,
                [new("http.response.status_code", status)],
                new MetricPoint(T0, T0.AddSeconds(secondsAfter), 0, (ulong)buckets.Sum(b => (long)b), 0, buckets, bounds));

        // 200s: 100 requests in the first 60 s (no baseline: not charted), then 180 more in the next 60 s -> 3/s.
        Point("200", 60, [50, 50, 0, 0]);
        Point("200", 120, [140, 130, 10, 0]);
        // 503s: 20 more in the same interval -> 1/3 per second; error ratio 20 / 200 = 10 %.
        Point("503", 60, [5, 0, 0, 0]);
        Point("503", 120, [25, 0, 0, 0]);

        var point = Assert.Single(RedQueries.ForService(store.Series(), "gateway"));
        Assert.Equal(T0.AddSeconds(120), point.Time);
        Assert.Equal(3 + 20.0 / 60, point.RequestsPerSecond, 9);
        Assert.Equal(0.1, point.ErrorRatio, 9);
        // Summed deltas: [90 + 20, 80, 10, 0] = 200 requests. p50 = rank 100, in the first bucket (110 there,
        // 0..100 ms): 100/110 of the way = 90.9 ms.
        Assert.Equal(100.0 * 100 / 110, point.P50Ms!.Value, 6);
        // p99 = rank 198: past 110 + 80 = 190, 8 of 10 into 200..500 ms = 440 ms.
        Assert.Equal(440, point.P99Ms!.Value, 6);
        Assert.Equal(["gateway"], RedQueries.Services(store.Series()));
    }

    [Fact]
    public void A_cumulative_count_that_goes_down_is_a_restart_and_counts_from_zero()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        var key = new MetricSeriesKey(Gateway, RedQueries.RequestDurationMetric, "");
        store.AddMetricPoint(key, MetricKind.Histogram, "s", true, [], new MetricPoint(T0, T0.AddSeconds(60), 0, 500, 0, [500, 0], [1.0]));
        var restart = T0.AddSeconds(100);
        store.AddMetricPoint(key, MetricKind.Histogram, "s", true, [], new MetricPoint(restart, restart.AddSeconds(20), 0, 40, 0, [40, 0], [1.0]));

        var (_, seconds, count, _, _) = Assert.Single(RedQueries.Deltas(store.Series().Single()));
        Assert.Equal(40UL, count);
        Assert.Equal(20, seconds, 9);
    }

    private static SpanRecord Span(string id, string parent, string service, int startMs, int endMs) =>
        new(new ResourceIdentity(service, ""), "", "t1", id, parent, $"{service} {id}", SpanKind.Internal,
            T0.AddMilliseconds(startMs), T0.AddMilliseconds(endMs), SpanStatus.Unset, "", [], []);

    [Fact]
    public void The_waterfall_lists_children_under_their_parent_with_offsets_relative_to_the_trace()
    {
        SpanRecord[] spans =
        [
            Span("c", "a", "ordering", 10, 90),
            Span("a", "", "gateway", 0, 100),
            Span("d", "c", "payments", 20, 60),
            Span("b", "a", "catalog", 5, 8),
            Span("x", "missing", "basket", 50, 55), // its parent was dropped: shown as a root, not lost
        ];

        var rows = TraceQueries.Waterfall(spans, "t1");

        Assert.Equal(["a", "b", "c", "d", "x"], rows.Select(r => r.Span.SpanId));
        Assert.Equal([0, 1, 1, 2, 0], rows.Select(r => r.Depth));
        Assert.Equal(0.2, rows.Single(r => r.Span.SpanId == "d").Offset, 9);
        Assert.Equal(0.4, rows.Single(r => r.Span.SpanId == "d").Width, 9);

        var summary = Assert.Single(TraceQueries.Summaries(spans));
        Assert.Equal("gateway a", summary.RootName);
        Assert.Equal(5, summary.SpanCount);
        Assert.Equal(["basket", "catalog", "gateway", "ordering", "payments"], summary.Services);
        Assert.Equal(TimeSpan.FromMilliseconds(100), summary.Duration);
    }
}
