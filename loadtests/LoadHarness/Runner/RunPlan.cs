using System.Diagnostics;
using Reference.Load.Simulations;

namespace Reference.Load.Runner;

/// <summary>The simulations laid out on the run's timeline, with the phase each belongs to.</summary>
internal sealed class RunPlan
{
    public required IReadOnlyList<PlannedSimulation> Simulations { get; init; }
    public required IReadOnlyList<PlannedPhase> Phases { get; init; }
    public TimeSpan Total { get; init; }

    public static RunPlan Create(IReadOnlyList<LoadSimulation> simulations)
    {
        if (simulations.Count == 0) throw new ArgumentException("at least one load simulation is needed.", nameof(simulations));
        var planned = new List<PlannedSimulation>();
        var phases = new List<PlannedPhase>();
        var start = TimeSpan.Zero;
        double rate = 0;
        for (var i = 0; i < simulations.Count; i++)
        {
            var simulation = simulations[i];
            simulation.Validate(i);
            var name = string.IsNullOrWhiteSpace(simulation.Phase) ? $"phase-{i + 1}" : simulation.Phase;
            var phaseIndex = phases.FindIndex(p => p.Name == name);
            var count = ArrivalSchedule.PlannedCount(simulation, rate);
            if (phaseIndex < 0)
            {
                phaseIndex = phases.Count;
                phases.Add(new PlannedPhase(name, start, simulation.During, count));
            }
            else
            {
                var phase = phases[phaseIndex];
                phases[phaseIndex] = phase with { Duration = phase.Duration + simulation.During, Planned = phase.Planned + count };
            }
            planned.Add(new PlannedSimulation(simulation, phaseIndex, start, rate));
            rate = simulation.EndRatePerSecond(rate);
            start += simulation.During;
        }
        return new RunPlan { Simulations = planned, Phases = phases, Total = start };
    }

    /// <summary>The phase running at <paramref name="elapsed"/> (the last one after the end).</summary>
    public string PhaseAt(TimeSpan elapsed)
    {
        foreach (var simulation in Simulations)
            if (elapsed < simulation.Start + simulation.Simulation.During) return Phases[simulation.Phase].Name;
        return Phases[Simulations[^1].Phase].Name;
    }

    public static long ToTicks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);
    public static long ToTicks(double seconds) => (long)(seconds * Stopwatch.Frequency);
}

internal sealed record PlannedSimulation(LoadSimulation Simulation, int Phase, TimeSpan Start, double StartRatePerSecond);

internal sealed record PlannedPhase(string Name, TimeSpan Start, TimeSpan Duration, long Planned);
