using Reference.Chaos.Experiments.Model;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;

namespace Reference.Chaos.Experiments.Running;

/// <summary>
/// Unjudged load before the first experiment. Fresh processes JIT and fill their pools and caches for about
/// their first 15 s, and so does the process sending the load: without it the first steady state is judged
/// on a cold system and fails (the CLI against a fresh <c>./reference up</c>: browse p99 360–411 ms at 1x
/// on a quiet machine, where a warm system measures 30 ms).
/// </summary>
public static class SystemWarmUp
{
    /// <summary>What the gates and the CLI use unless told otherwise. 10 s was too short for the gates' first experiment.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(Uri gateway, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration <= TimeSpan.Zero) return;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(duration + TimeSpan.FromMinutes(1));
        await LoadRunner.RunAsync(MixedJourney.Create(gateway), [Simulation.Inject(ExperimentTiming.OneX, TimeSpan.FromSeconds(1), duration, "warm-up")],
            cancellationToken: limit.Token);
    }
}
