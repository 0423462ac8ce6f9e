namespace Reference.Chaos.Experiments.Model;

/// <summary>How an experiment ended. The CLI's exit code says the same.</summary>
public enum ExperimentStatus
{
    /// <summary>The hypothesis held: steady state before and after, every check during the fault. Exit code 0.</summary>
    Completed = 0,
    /// <summary>It ran to the end and something the hypothesis promised did not hold. Exit code 1.</summary>
    Deviated = 1,
    /// <summary>It could not run: the steady state did not hold before the method, or an activity failed. Exit code 2.</summary>
    Failed = 2,
    /// <summary>Stopped early by a safeguard or by Ctrl+C / SIGTERM; the rollbacks ran first. Exit code 3.</summary>
    Aborted = 3,
}
