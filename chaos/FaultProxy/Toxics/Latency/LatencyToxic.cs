using System.Diagnostics;

namespace Reference.Chaos.FaultProxy.Toxics.Latency;

/// <summary>
/// Delays each chunk, counting from when it arrived: a request/response protocol sees the latency once
/// per round trip and direction, and a reply split over several reads is not delayed once per read.
/// </summary>
public sealed class LatencyToxic(LatencyOptions options) : IToxic
{
    public async ValueTask PipeAsync(Chunk chunk, ToxicLink link, ChunkSink next, CancellationToken cancellationToken)
    {
        await Pause.UntilAsync(chunk.ArrivedAt + (long)(NextDelay().TotalSeconds * Stopwatch.Frequency), cancellationToken);
        await next(chunk, cancellationToken);
    }

    private TimeSpan NextDelay()
    {
        if (options.Jitter <= TimeSpan.Zero) return options.Latency;
        var offset = (Random.Shared.NextDouble() * 2 - 1) * options.Jitter.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Max(0, options.Latency.TotalMilliseconds + offset));
    }
}
