using System.Diagnostics;

namespace Reference.Chaos.FaultProxy.Toxics.Bandwidth;

/// <summary>
/// Passes a chunk on in slices of a tenth of a second's worth of bytes, each slice no earlier than the
/// rate allows after the previous one. An idle link earns no credit: a burst after a pause is paced too.
/// </summary>
public sealed class BandwidthToxic(BandwidthOptions options) : IToxic
{
    private sealed class Pace
    {
        public long NextSendAt;
    }

    public async ValueTask PipeAsync(Chunk chunk, ToxicLink link, ChunkSink next, CancellationToken cancellationToken)
    {
        var pace = (Pace)(link.State ??= new Pace());
        var sliceSize = Math.Max(1, (int)(options.BytesPerSecond / 10));
        for (var offset = 0; offset < chunk.Length; offset += sliceSize)
        {
            var slice = chunk.Data.Slice(offset, Math.Min(sliceSize, chunk.Length - offset));
            var now = Stopwatch.GetTimestamp();
            var sendAt = Math.Max(now, pace.NextSendAt);
            if (sendAt > now) await Pause.UntilAsync(sendAt, cancellationToken);
            await next(chunk with { Data = slice }, cancellationToken);
            pace.NextSendAt = sendAt + (long)(slice.Length / options.BytesPerSecond * Stopwatch.Frequency);
        }
    }
}
