namespace Reference.Load.Stats;

/// <summary>The live state of a run, reported about once a second.</summary>
/// <param name="Rate">Responses per second over the last report interval.</param>
/// <param name="P99Ms">p99 latency (from intended start) of responses in the last interval.</param>
public sealed record ProgressSnapshot(
    TimeSpan Elapsed, TimeSpan Total, string Phase, double Rate, long InFlight, double P99Ms, long Completed, long Errors, long Shed);
