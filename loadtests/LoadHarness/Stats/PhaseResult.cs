namespace Reference.Load.Stats;

/// <summary>What happened during one named phase: per step, per journey, in total and second by second.</summary>
public sealed class PhaseResult
{
    public required string Name { get; init; }
    /// <summary>When the phase started, from the start of the run.</summary>
    public TimeSpan Start { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>Arrivals the open-model schedule planned (0 for closed-model or pause phases).</summary>
    public long Planned { get; init; }
    /// <summary>Planned arrivals per second.</summary>
    public double TargetRate => Duration > TimeSpan.Zero ? Planned / Duration.TotalSeconds : 0;
    /// <summary>When the phase's last answer arrived, from the start of the run. Much later than
    /// Start + Duration means the target (or the harness) could not keep up.</summary>
    public TimeSpan LastAnswerAt { get; init; }
    /// <summary>Answers per second from the phase's start to its last answer: the rate actually served
    /// (an open model always sends the planned count eventually, so the count alone proves nothing).</summary>
    public double Throughput => LastAnswerAt > Start ? (Total.Count - Total.NotSent) / Math.Max(Duration.TotalSeconds, (LastAnswerAt - Start).TotalSeconds) : 0;
    /// <summary>Every request of the phase, all steps together.</summary>
    public required StepStats Total { get; init; }
    public required IReadOnlyList<StepStats> Steps { get; init; }
    /// <summary>Steps combined by SLO journey (steps without a journey are left out).</summary>
    public required IReadOnlyList<StepStats> Journeys { get; init; }
    public required IReadOnlyList<SecondStats> Seconds { get; init; }
    /// <summary>How late the harness sent requests after their intended start: if this grows, the client is the bottleneck.</summary>
    public required LatencyDistribution SendLag { get; init; }

    /// <summary>A phase from its steps' stats (journeys and total are derived); also for hand-built results.</summary>
    public static PhaseResult Create(string name, TimeSpan start, TimeSpan duration, long planned, IReadOnlyList<StepStats> steps,
        IReadOnlyList<SecondStats>? seconds = null, LatencyDistribution? sendLag = null, TimeSpan? lastAnswerAt = null) => new()
    {
        Name = name,
        LastAnswerAt = lastAnswerAt ?? start + duration,
        Start = start,
        Duration = duration,
        Planned = planned,
        Total = StepStatsBuilder.Combine("all", null, steps, duration),
        Steps = steps,
        Journeys = steps.Where(s => s.Journey is not null).GroupBy(s => s.Journey!)
            .Select(g => StepStatsBuilder.Combine(g.Key, g.Key, g, duration)).ToArray(),
        Seconds = seconds ?? [],
        SendLag = sendLag ?? LatencyDistribution.Empty,
    };

    public StepStats Step(string name) =>
        Steps.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"Phase '{Name}' has no step '{name}'. Steps: {string.Join(", ", Steps.Select(s => s.Name))}.");

    /// <summary>The journey's stats, or null when no step of the phase belongs to it.</summary>
    public StepStats? Journey(string name) => Journeys.FirstOrDefault(j => j.Name == name);
}
