namespace Reference.Chaos.Experiments.Model;

/// <summary>
/// When to stop an experiment early so it never holds the system down: if more than
/// <see cref="MaxErrorShare"/> of the requests in a second spend error budget (5xx other than 503,
/// timeouts, refused connections) for <see cref="ConsecutiveSeconds"/> seconds in a row, the runner
/// runs the rollbacks at once and records the experiment as aborted. Shed answers (429/503 with
/// Retry-After) are graceful degradation and do not count.
/// </summary>
public sealed record Safeguard(double MaxErrorShare, int ConsecutiveSeconds)
{
    public static Safeguard Default { get; } = new(0.5, 5);

    public bool Trips(IReadOnlyList<double> errorSharePerSecond)
    {
        if (errorSharePerSecond.Count < ConsecutiveSeconds) return false;
        return errorSharePerSecond.Skip(errorSharePerSecond.Count - ConsecutiveSeconds).All(share => share > MaxErrorShare);
    }
}
