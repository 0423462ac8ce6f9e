namespace Reference.AppHost.Supervision;

/// <summary>The states the control API reports (docs/api.md).</summary>
public enum ReplicaState
{
    /// <summary>Waiting for its dependencies, launching, or launched and not yet healthy.</summary>
    Starting,
    /// <summary>Healthy: the health check passed.</summary>
    Running,
    /// <summary>Was Running; its health check now fails, the process is still alive.</summary>
    Unhealthy,
    /// <summary>The process ended on its own (crash, kill); a restart follows after a backoff.</summary>
    Exited,
    /// <summary>Stopped on purpose (control API, test, shutdown); stays down until started.</summary>
    Stopped,
    /// <summary>Launching again after it Exited.</summary>
    Restarting,
}

public enum ReplicaHealth
{
    Unknown,
    Healthy,
    Unhealthy,
}
