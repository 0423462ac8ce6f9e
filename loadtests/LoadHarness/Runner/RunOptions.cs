namespace Reference.Load.Runner;

/// <summary>How the harness behaves (not what load it makes: that is the simulations).</summary>
public sealed record RunOptions
{
    /// <summary>A request not answered within this is recorded as a timeout (with this as its latency).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connection pool size. HTTP/1.1 needs one connection per concurrent request.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Safety bound on concurrent requests: beyond it arrivals are counted as not sent (an error)
    /// instead of piling up without limit when the target stops answering.</summary>
    public int MaxInFlight { get; init; } = 20_000;

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException($"RequestTimeout must be positive, got {RequestTimeout}.");
        if (MaxConnections <= 0) throw new ArgumentException($"MaxConnections must be positive, got {MaxConnections}.");
        if (MaxInFlight <= 0) throw new ArgumentException($"MaxInFlight must be positive, got {MaxInFlight}.");
        if (ProgressInterval <= TimeSpan.Zero) throw new ArgumentException($"ProgressInterval must be positive, got {ProgressInterval}.");
    }
}
