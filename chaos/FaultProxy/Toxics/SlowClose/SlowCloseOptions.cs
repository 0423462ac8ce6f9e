namespace Reference.Chaos.FaultProxy.Toxics.SlowClose;

/// <summary>A close from the sending side reaches the other side <see cref="Delay"/> late.</summary>
public sealed record SlowCloseOptions(TimeSpan Delay);
