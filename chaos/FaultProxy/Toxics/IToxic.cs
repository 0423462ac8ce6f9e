namespace Reference.Chaos.FaultProxy.Toxics;

/// <summary>
/// A stream transform for one fault kind (Toxiproxy's "toxic"). Each direction of each connection
/// runs its chunks through the active toxics in the order they were added; a toxic passes a chunk on
/// by calling <c>next</c> — later, in pieces, truncated, or not at all.
/// </summary>
public interface IToxic
{
    ValueTask PipeAsync(Chunk chunk, ToxicLink link, ChunkSink next, CancellationToken cancellationToken);

    /// <summary>The sending side closed its half; runs before the close is passed on.</summary>
    ValueTask OnEndOfStreamAsync(ToxicLink link, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
