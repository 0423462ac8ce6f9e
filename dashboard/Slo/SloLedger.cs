using Reference.Dashboard.Storage;
using Reference.Slos;

namespace Reference.Dashboard.Slo;

/// <summary>
/// Per-journey request counts in 10-second buckets (total, 5xx, slower than the latency threshold),
/// fed from the gateway's server spans as they arrive. Counting at ingestion keeps hours of SLI
/// history in a few kilobytes, long after the spans themselves have been evicted from the store.
/// </summary>
public sealed class SloLedger
{
    public static readonly TimeSpan BucketWidth = TimeSpan.FromSeconds(10);

    private readonly SloDefinition _definition;
    private readonly string _gatewayService;
    private readonly TimeSpan _retention;
    private readonly Dictionary<string, SortedDictionary<long, BucketCounts>> _buckets = new();
    private readonly Lock _gate = new();
    private long _newestBucket = long.MinValue;

    public SloLedger(SloDefinition definition, string gatewayService = "gateway")
    {
        _definition = definition;
        _gatewayService = gatewayService;
        // Keep as much as the longest alert window needs (3 days in the workbook's table).
        _retention = definition.BurnRateAlerts.Select(a => a.Long).DefaultIfEmpty(TimeSpan.FromHours(6)).Max();
        foreach (var journey in definition.Journeys) _buckets[journey.Name] = new();
    }

    public SloDefinition Definition => _definition;

    /// <summary>Records the gateway's server spans; every other span is ignored.</summary>
    public void Observe(IEnumerable<SpanRecord> spans)
    {
        List<RequestOutcome>? outcomes = null;
        foreach (var span in spans)
        {
            if (span.Kind != SpanKind.Server || span.Resource.ServiceName != _gatewayService) continue;
            var method = span.Attribute("http.request.method");
            var path = span.Attribute("url.path");
            if (method is null || path is null) continue;
            _ = int.TryParse(span.Attribute("http.response.status_code"), out var status);
            // A server span with an error status and no HTTP status is a request that never got an answer: a failure.
            if (status == 0 && span.Status == SpanStatus.Error) status = 500;
            (outcomes ??= []).Add(new RequestOutcome(span.End, method, path, status, span.Duration.TotalMilliseconds));
        }
        if (outcomes is not null) RecordAll(outcomes);
    }

    public void Record(RequestOutcome outcome) => RecordAll([outcome]);

    /// <summary>Classifies outside the lock, then counts the whole batch under one lock (ingestion is hot).</summary>
    public void RecordAll(IReadOnlyList<RequestOutcome> outcomes)
    {
        var classified = new List<(Journey Journey, RequestOutcome Outcome)>(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            if (Classify(outcome.Method, outcome.Path) is { } journey) classified.Add((journey, outcome));
        }
        if (classified.Count == 0) return;

        lock (_gate)
        {
            foreach (var (journey, outcome) in classified)
            {
                var slow = outcome.DurationMs >= journey.Latency.ThresholdMs;
                var bucket = outcome.Time.Ticks / BucketWidth.Ticks;
                var buckets = _buckets[journey.Name];
                buckets.TryGetValue(bucket, out var counts);
                buckets[bucket] = new BucketCounts(counts.Total + 1, counts.Errors + (outcome.IsServerError ? 1 : 0), counts.Slow + (slow ? 1 : 0));
                // Trim what no window can reach any more (relative to the newest data, so replayed history works too);
                // only when a new bucket starts, since trimming cannot change within one.
                if (bucket > _newestBucket)
                {
                    _newestBucket = bucket;
                    var oldest = (outcome.Time - _retention).Ticks / BucketWidth.Ticks;
                    foreach (var b in _buckets.Values)
                    {
                        while (b.Count > 0 && b.Keys.First() < oldest) b.Remove(b.Keys.First());
                    }
                }
            }
        }
    }

    // SloDefinition.Classify, without LINQ allocations: this runs for every gateway span.
    internal Journey? Classify(string method, string path)
    {
        foreach (var journey in _definition.Journeys)
        {
            foreach (var request in journey.Requests)
            {
                if (!path.StartsWith(request.PathPrefix, StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var m in request.Methods)
                {
                    if (string.Equals(m, method, StringComparison.OrdinalIgnoreCase)) return journey;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Counts for requests that ended in the window before <paramref name="now"/>, to the bucket: every
    /// bucket that starts at or after now - window, up to the bucket holding now.
    /// </summary>
    public WindowCounts Window(string journey, DateTime now, TimeSpan window)
    {
        var from = (long)Math.Ceiling((double)(now - window).Ticks / BucketWidth.Ticks);
        var to = now.Ticks / BucketWidth.Ticks;
        long total = 0, errors = 0, slow = 0;
        lock (_gate)
        {
            foreach (var (bucket, counts) in _buckets[journey])
            {
                if (bucket < from || bucket > to) continue;
                total += counts.Total; errors += counts.Errors; slow += counts.Slow;
            }
        }
        return new WindowCounts(total, errors, slow);
    }

    /// <summary>Everything held for a journey, and when the oldest of it happened.</summary>
    public (WindowCounts Counts, DateTime? Since) All(string journey)
    {
        long total = 0, errors = 0, slow = 0;
        DateTime? since = null;
        lock (_gate)
        {
            foreach (var (bucket, counts) in _buckets[journey])
            {
                since ??= new DateTime(bucket * BucketWidth.Ticks, DateTimeKind.Utc);
                total += counts.Total; errors += counts.Errors; slow += counts.Slow;
            }
        }
        return (new WindowCounts(total, errors, slow), since);
    }

    private readonly record struct BucketCounts(long Total, long Errors, long Slow);
}

/// <summary>Requests in a window: all, those that failed (5xx) and those slower than the threshold.</summary>
public readonly record struct WindowCounts(long Total, long Errors, long Slow);
