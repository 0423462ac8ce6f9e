namespace Reference.Chaos.FaultProxy.Toxics.Timeout;

/// <summary>
/// Data is dropped; the connection is closed <see cref="CloseAfter"/> after the first dropped chunk,
/// or never when it is zero — a blackhole: the peer accepted, and never answers.
/// </summary>
public sealed record TimeoutOptions(TimeSpan CloseAfter)
{
    public bool IsBlackhole => CloseAfter == TimeSpan.Zero;
}
