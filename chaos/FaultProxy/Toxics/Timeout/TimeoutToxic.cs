namespace Reference.Chaos.FaultProxy.Toxics.Timeout;

/// <summary>
/// Swallows every chunk. The close timer starts at the first swallowed chunk rather than when the fault
/// was added, so a pooled connection that sat idle still makes its next caller wait the whole timeout.
/// </summary>
public sealed class TimeoutToxic(TimeoutOptions options) : IToxic
{
    public ValueTask PipeAsync(Chunk chunk, ToxicLink link, ChunkSink next, CancellationToken cancellationToken)
    {
        if (!options.IsBlackhole && link.State is null)
        {
            link.State = true;
            _ = CloseLaterAsync(link.Connection);
        }
        return ValueTask.CompletedTask;
    }

    private async Task CloseLaterAsync(IConnectionControl connection)
    {
        try
        {
            await Pause.ForAsync(options.CloseAfter, connection.Closed);
            connection.Close();
        }
        catch (OperationCanceledException)
        {
            // Closed some other way first: nothing left to do.
        }
    }
}
