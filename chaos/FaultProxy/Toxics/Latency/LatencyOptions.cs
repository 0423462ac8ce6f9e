namespace Reference.Chaos.FaultProxy.Toxics.Latency;

/// <summary>Each chunk is passed on <see cref="Latency"/> ± <see cref="Jitter"/> (uniform) after it arrived.</summary>
public sealed record LatencyOptions(TimeSpan Latency, TimeSpan Jitter);
