namespace Reference.Chaos.FaultProxy.Toxics.ResetPeer;

/// <summary>
/// Resets instead of closing: the client sees "connection reset by peer", the failure a crashed server
/// or a middlebox produces, which drivers treat differently from an orderly close.
/// </summary>
public sealed class ResetPeerToxic(ResetPeerOptions options) : IToxic
{
    public async ValueTask PipeAsync(Chunk chunk, ToxicLink link, ChunkSink next, CancellationToken cancellationToken)
    {
        if (options.After > TimeSpan.Zero) await Pause.ForAsync(options.After, cancellationToken);
        link.Connection.Reset();
    }
}
