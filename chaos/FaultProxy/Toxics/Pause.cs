using System.Diagnostics;

namespace Reference.Chaos.FaultProxy.Toxics;

/// <summary>
/// Waits that are never short. Timers tick in whole milliseconds and can fire a little early by the
/// Stopwatch's clock; a fault proxy promises "at least 200 ms", so it checks and waits out the rest.
/// </summary>
public static class Pause
{
    public static Task ForAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        UntilAsync(Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency), cancellationToken);

    /// <summary>Returns once the Stopwatch reads <paramref name="timestamp"/> or later.</summary>
    public static async Task UntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
            if (remaining <= TimeSpan.Zero) return;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)), cancellationToken);
        }
    }
}
