namespace Reference.Load.Stats;

/// <summary>
/// One second of a run. Requests are placed by their intended start (so a stall shows at the second
/// the waiting requests were due), except <see cref="Completed"/>, counted by when answers arrived.
/// </summary>
public sealed record SecondStats(
    int Second, string Phase, long Started, long Completed, long Errors, long Shed, double P50Ms, double P99Ms, double MaxMs);
