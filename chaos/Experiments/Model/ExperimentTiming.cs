namespace Reference.Chaos.Experiments.Model;

/// <summary>
/// How long each part runs. The CI profile keeps the six experiments well under ten minutes on two
/// cores; <c>REFERENCE_CHAOS_PROFILE=full</c> runs each long enough for slower effects (pool
/// exhaustion, cache expiry, breaker cycles) to show.
/// </summary>
public sealed record ExperimentTiming(TimeSpan SteadyState, TimeSpan Fault, TimeSpan Recovery, double Rate)
{
    /// <summary>1x of the design's load profiles.</summary>
    public const double OneX = 50;

    public static ExperimentTiming Ci { get; } = new(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), OneX);
    public static ExperimentTiming Full { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), OneX);
    /// <summary>For mapping many edges in one sitting (<c>run --edges</c>): half a minute each.</summary>
    public static ExperimentTiming Quick { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), OneX);

    /// <summary>From <c>REFERENCE_CHAOS_PROFILE</c> (<c>ci</c>, the default, <c>full</c> or <c>quick</c>).</summary>
    public static ExperimentTiming FromEnvironment() => Named(Environment.GetEnvironmentVariable("REFERENCE_CHAOS_PROFILE"));

    public static ExperimentTiming Named(string? profile) => (profile ?? "ci").Trim().ToLowerInvariant() switch
    {
        "" or "ci" => Ci,
        "full" => Full,
        "quick" => Quick,
        var other => throw new ArgumentException($"Unknown chaos profile '{other}': use ci, full or quick."),
    };
}
