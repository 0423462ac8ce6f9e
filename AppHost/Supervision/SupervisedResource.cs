using Reference.AppHost.Model;

namespace Reference.AppHost.Supervision;

/// <summary>
/// A resource of a running system: its declaration and its replicas. What tests hold
/// (<c>app.Resources["catalog"].Replicas[1].KillAsync()</c>) and what the control API lists.
/// </summary>
public sealed class SupervisedResource
{
    private readonly List<Replica> _replicas = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _stateChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SupervisedResource(Resource declaration)
    {
        Declaration = declaration;
    }

    public Resource Declaration { get; }
    public string Name => Declaration.Name;
    public string Type => Declaration.Type;
    public IReadOnlyList<Replica> Replicas => _replicas;

    /// <summary>The replicas' HTTP endpoints (projects), in replica order.</summary>
    public IReadOnlyList<Uri> Endpoints => _replicas.Select(r => r.Endpoint).OfType<Uri>().ToList();

    /// <summary>
    /// One word for all replicas: the most alarming state any of them is in (Exited, then Restarting,
    /// Starting, Unhealthy), Running when at least one runs and the rest are stopped, else Stopped.
    /// </summary>
    public ReplicaState State
    {
        get
        {
            ReplicaState[] precedence = [ReplicaState.Exited, ReplicaState.Restarting, ReplicaState.Starting, ReplicaState.Unhealthy, ReplicaState.Running];
            foreach (var state in precedence)
            {
                if (_replicas.Any(r => r.State == state)) return state;
            }
            return ReplicaState.Stopped;
        }
    }

    internal Task FirstRunning => Task.WhenAll(_replicas.Select(r => r.FirstRunning));

    internal void Add(Replica replica) => _replicas.Add(replica);

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.WhenAll(_replicas.Select(r => r.StartAsync(cancellationToken)));
    public Task StopAsync(CancellationToken cancellationToken = default) => Task.WhenAll(_replicas.Select(r => r.StopAsync(cancellationToken)));
    public Task RestartAsync(CancellationToken cancellationToken = default) => Task.WhenAll(_replicas.Select(r => r.RestartAsync(cancellationToken)));
    public Task KillAsync(CancellationToken cancellationToken = default) => Task.WhenAll(_replicas.Select(r => r.KillAsync(cancellationToken)));

    /// <summary>Completes when every replica is in <paramref name="state"/>.</summary>
    public Task WaitForStateAsync(ReplicaState state, TimeSpan timeout) =>
        Task.WhenAll(_replicas.Select(r => r.WaitForStateAsync(state, timeout)));

    /// <summary>Completes when the resource as a whole (see <see cref="State"/>) is <paramref name="state"/>.</summary>
    public async Task WaitForResourceStateAsync(ReplicaState state, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_gate) changed = _stateChanged.Task;
            if (State == state) return;
            await changed.WaitAsync(cancellationToken);
        }
    }

    internal void OnReplicaStateChanged()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _stateChanged;
            _stateChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    internal void BeginSupervising()
    {
        foreach (var replica in _replicas) replica.BeginSupervising();
    }

    internal void PrepareForShutdown()
    {
        foreach (var replica in _replicas) replica.PrepareForShutdown();
    }

    internal Task ShutdownAsync() => Task.WhenAll(_replicas.Select(r => r.ShutdownAsync()));

    public override string ToString() => $"{Name} ({Type}, {State})";
}
