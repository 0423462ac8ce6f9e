using Reference.Load.Stats;

namespace Reference.Load.Runner;

/// <summary>One finished request, as the request path hands it to the aggregator. Times are
/// <see cref="System.Diagnostics.Stopwatch"/> ticks since the run started. <paramref name="TraceId"/> is the
/// W3C trace the request started (default when it was not sent); <paramref name="Said"/> the start of a failed answer's body.</summary>
internal readonly record struct CompletedRequest(
    int Step, int Phase, long IntendedTicks, long SentTicks, long EndTicks, int StatusCode, Outcome Outcome, bool RetryAfter,
    System.Diagnostics.ActivityTraceId TraceId = default, string? Said = null);
