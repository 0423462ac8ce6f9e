namespace Reference.Dashboard.Storage;

/// <summary>A trace as the list shows it.</summary>
public sealed record TraceSummary(string TraceId, string RootName, string RootService, DateTime Start, TimeSpan Duration,
    int SpanCount, int ErrorCount, IReadOnlyList<string> Services);

/// <summary>A span placed in the waterfall: its depth in the tree and its offset/width as fractions of the trace.</summary>
public sealed record WaterfallRow(SpanRecord Span, int Depth, double Offset, double Width);

/// <summary>Reads traces out of the stored spans (grouped by trace id at query time; the store keeps only spans).</summary>
public static class TraceQueries
{
    public static IReadOnlyList<TraceSummary> Summaries(IEnumerable<SpanRecord> spans) =>
        spans.GroupBy(s => s.TraceId).Select(Summarize).OrderByDescending(t => t.Start).ToArray();

    public static TraceSummary Summarize(IGrouping<string, SpanRecord> trace)
    {
        var start = trace.Min(s => s.Start);
        var end = trace.Max(s => s.End);
        // The root is the span without a parent; while it has not arrived (or was evicted), the earliest span stands in.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var root = trace.Where(s => s.IsRoot).OrderBy(s => s.Start).FirstOrDefault()
            ?? trace.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.Start).First();
        return new TraceSummary(trace.Key, root.Name, root.Resource.ServiceName, start, end - start, trace.Count(),
            trace.Count(s => s.IsError), trace.Select(s => s.Resource.ServiceName).Distinct().Order().ToArray());
    }

    /// <summary>The spans of one trace in tree order (children under their parent, siblings by start time).</summary>
    public static IReadOnlyList<WaterfallRow> Waterfall(IEnumerable<SpanRecord> spans, string traceId)
    {
        var trace = spans.Where(s => s.TraceId == traceId).OrderBy(s => s.Start).ToArray();
        if (trace.Length == 0) return [];
        var start = trace.Min(s => s.Start);
        var total = Math.Max((trace.Max(s => s.End) - start).Ticks, 1);
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var children = trace.ToLookup(s => s.ParentSpanId);
        var rows = new List<WaterfallRow>(trace.Length);

        void Visit(SpanRecord span, int depth)
        {
            rows.Add(new WaterfallRow(span, depth, (double)(span.Start - start).Ticks / total, Math.Max((double)span.Duration.Ticks / total, 0.002)));
            foreach (var child in children[span.SpanId]) Visit(child, depth + 1);
        }

        // Roots: real roots, plus orphans whose parent is not (or no longer) held.
        foreach (var root in trace.Where(s => s.IsRoot || !ids.Contains(s.ParentSpanId))) Visit(root, 0);
        return rows;
    }
}
