using Reference.Dashboard.Storage;

namespace Reference.Dashboard.Tests;

public sealed class StoreBoundsTests
{
    private static SpanRecord Span(int n) => new(new ResourceIdentity("svc", ""), "scope", $"trace{n}", $"span{n}", "",
        $"span {n}", SpanKind.Internal, DateTime.UnixEpoch, DateTime.UnixEpoch, SpanStatus.Unset, "", [], []);

    private static LogEntry Log(int n) => new(new ResourceIdentity("svc", ""), "cat", DateTime.UnixEpoch, LogLevelName.Information,
        $"log {n}", "", "", []);

    [Fact]
    public void Span_overflow_drops_the_oldest_and_counts_each_drop()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpans = 3 });

        store.AddSpans([Span(1), Span(2)]);
        store.AddSpans([Span(3), Span(4), Span(5)]);

        Assert.Equal(["span 3", "span 4", "span 5"], store.Spans().Select(s => s.Name));
        Assert.Equal(2, store.Drops().Spans);
        Assert.Equal(3, store.Drops().SpansHeld);
    }

    [Fact]
    public void Log_overflow_drops_the_oldest_and_counts_each_drop()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxLogs = 2 });

        store.AddLogs([Log(1), Log(2), Log(3), Log(4), Log(5)]);

        Assert.Equal(["log 4", "log 5"], store.Logs().Select(l => l.Message));
        Assert.Equal(3, store.Drops().Logs);
    }

    [Fact]
    public void Metric_points_are_bounded_per_series_and_new_series_beyond_the_limit_are_dropped()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxPointsPerSeries = 2, MaxSeries = 1 });
        var resource = new ResourceIdentity("svc", "");
        var key = new MetricSeriesKey(resource, "requests", "");
        for (var i = 1; i <= 4; i++)
            store.AddMetricPoint(key, MetricKind.Sum, "{request}", true, [], new MetricPoint(DateTime.UnixEpoch, DateTime.UnixEpoch.AddSeconds(i), i, 0, 0, [], []));
        store.AddMetricPoint(new MetricSeriesKey(resource, "other", ""), MetricKind.Gauge, "", false, [],
            new MetricPoint(DateTime.UnixEpoch, DateTime.UnixEpoch, 1, 0, 0, [], []));

        var series = Assert.Single(store.Series());
        Assert.Equal([3.0, 4.0], series.Points().Select(p => p.Value));
        Assert.Equal(3, store.Drops().MetricPoints); // two old points + one point of a series over the limit
    }

    [Fact]
    public void Limits_below_one_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TelemetryStore(new TelemetryLimits { MaxSpans = 0 }));
        Assert.Contains("MaxSpans", error.Message);
    }
}
