namespace Reference.Chaos.FaultProxy.Toxics.LimitData;

/// <summary>Counts per connection and direction (from when the fault reached the connection), truncates the chunk that crosses the limit, then closes.</summary>
public sealed class LimitDataToxic(LimitDataOptions options) : IToxic
{
    private sealed class Count
    {
        public long Passed;
    }

    public async ValueTask PipeAsync(Chunk chunk, ToxicLink link, ChunkSink next, CancellationToken cancellationToken)
    {
        var count = (Count)(link.State ??= new Count());
        var allowed = (int)Math.Min(chunk.Length, Math.Max(0, options.Bytes - count.Passed));
        if (allowed > 0)
        {
            await next(chunk with { Data = chunk.Data[..allowed] }, cancellationToken);
            count.Passed += allowed;
        }
        if (count.Passed >= options.Bytes) link.Connection.Close();
    }
}
