namespace Reference.Load.Runner;

/// <summary>
/// A floor under the thread pool of whatever process sends the load. On two cores the pool starts with two
/// workers and, once they are busy, adds about one every half second. The processes that host the harness
/// hold some of those workers themselves: in a test host, stacks showed the test platform's message loop and
/// xunit's assembly runner each parked on a pool thread for the whole run, leaving one worker to send and
/// answer everything. A moment's contention then froze every request for 0.5–1 s (the mixed journey against
/// the fake gateway: no pool work item completed for a second while 100 queued, browse p99 500–1000 ms; in
/// the gates, send lag p99 600–900 ms at 1x). The harness is a measuring instrument: it must not queue its own
/// requests, so it raises the floor before it sends. Below the floor a thread starts at once when work is
/// queued; idle ones retire as usual.
/// </summary>
public static class HarnessThreads
{
    public const int MinThreads = 64;

    /// <summary>Raises the pool's minimum to <see cref="MinThreads"/> (never lowers it). Idempotent.</summary>
    public static void EnsureFloor()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers >= MinThreads && completionPorts >= MinThreads) return;
        ThreadPool.SetMinThreads(Math.Max(workers, MinThreads), Math.Max(completionPorts, MinThreads));
    }
}
