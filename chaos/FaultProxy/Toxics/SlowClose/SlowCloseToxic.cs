namespace Reference.Chaos.FaultProxy.Toxics.SlowClose;

/// <summary>Data passes untouched; only the end of the stream is held back.</summary>
public sealed class SlowCloseToxic(SlowCloseOptions options) : IToxic
{
    public ValueTask PipeAsync(Chunk chunk, ToxicLink link, ChunkSink next, CancellationToken cancellationToken) =>
        next(chunk, cancellationToken);

    public async ValueTask OnEndOfStreamAsync(ToxicLink link, CancellationToken cancellationToken) =>
        await Pause.ForAsync(options.Delay, cancellationToken);
}
