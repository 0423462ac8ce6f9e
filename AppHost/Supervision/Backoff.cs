namespace Reference.AppHost.Supervision;

/// <summary>Restart delays for a crashing process: 0.5 s, doubling, at most 10 s; back to the start once it has run well.</summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan maximum)
{
    private readonly TimeSpan _initial = initial;
    public static Backoff ForRestarts() => new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    /// <summary>A process that stayed healthy this long is treated as recovered, not as crash-looping.</summary>
    public static readonly TimeSpan Recovered = TimeSpan.FromSeconds(30);

    private TimeSpan _next = initial;


    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(maximum.Ticks, _next.Ticks * 2));
        return delay;
    }

    public void Reset() => _next = _initial;
}
