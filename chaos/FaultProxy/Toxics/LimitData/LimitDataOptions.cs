namespace Reference.Chaos.FaultProxy.Toxics.LimitData;

/// <summary>The first <see cref="Bytes"/> bytes of the direction pass; then the connection is closed.</summary>
public sealed record LimitDataOptions(long Bytes);
