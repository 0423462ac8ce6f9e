using Reference.Chaos.Experiments.Running;

namespace Reference.Chaos.Experiments.Model;

/// <summary>
/// An action (changes the system) or a probe (looks at it) of an experiment's method or rollbacks.
/// It returns a line for the journal; it throws when it could not do what it says.
/// </summary>
public sealed record ChaosActivity(string Name, Func<ExperimentContext, CancellationToken, Task<string>> Run)
{
    /// <summary>The fault is in force from the moment this activity ends (the report shades the window from here).</summary>
    public bool StartsFault { get; init; }

    /// <summary>Time to recover is counted from the moment this activity ends (a kill: the process is gone and the
    /// system must heal by itself). Without one, it is counted from the start of the rollbacks.</summary>
    public bool StartsRecoveryClock { get; init; }

    public static ChaosActivity Action(string name, Func<ExperimentContext, CancellationToken, Task<string>> run) => new(name, run);

    /// <summary>A pause inside the method (not the fault window: that one the runner keeps).</summary>
    public static ChaosActivity Wait(TimeSpan duration, string why) => new($"wait {duration.TotalSeconds:0.#} s: {why}", async (_, ct) =>
    {
        await Task.Delay(duration, ct);
        return "waited";
    });
}
