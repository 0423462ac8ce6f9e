namespace Reference.Chaos.FaultProxy.Toxics;

/// <summary>
/// Bytes read from one side of a connection, stamped (<see cref="System.Diagnostics.Stopwatch"/> ticks)
/// when they arrived, so a delay counts from arrival and chunks queued behind a slow one are not
/// delayed twice.
/// </summary>
public readonly record struct Chunk(ReadOnlyMemory<byte> Data, long ArrivedAt)
{
    public int Length => Data.Length;
}

/// <summary>The rest of the chain: the next toxic, or the socket on the far side.</summary>
public delegate ValueTask ChunkSink(Chunk chunk, CancellationToken cancellationToken);
