using Reference.AppHost.Processes;

namespace Reference.AppHost.Supervision;

/// <summary>
/// One supervised process of a resource. A single loop owns the process: it launches it, waits for its
/// health check, keeps probing while it runs, restarts it with backoff when it dies on its own, and
/// stops it when asked. Commands (start, stop, kill) only change what the loop wants and wake it, so
/// two commands never race over the same process.
/// </summary>
public abstract class Replica
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _firstRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _stateChanged = NewSignal();
    private volatile bool _wantRunning = true;
    private volatile bool _runEnding;
    private Task? _loop;
    private ManagedProcess? _process;
    private ReplicaState _state = ReplicaState.Starting;

    private protected Replica(SupervisedResource resource, int index, RunContext context)
    {
        Resource = resource;
        Index = index;
        Context = context;
    }

    public SupervisedResource Resource { get; }
    public int Index { get; }

    /// <summary><c>catalog-1</c>: the <c>service.instance.id</c> and the console prefix.</summary>
    public string InstanceName => $"{Resource.Name}-{Index}";
    public ReplicaState State => _state;
    public ReplicaHealth Health { get; private set; } = ReplicaHealth.Unknown;

    /// <summary>Times the supervisor restarted the process after it exited on its own.</summary>
    public int Restarts { get; private set; }
    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    /// <summary>Console output, kept across restarts, bounded.</summary>
    public LogBuffer Logs { get; } = new();

    /// <summary>Where it serves HTTP (projects), or null.</summary>
    public virtual Uri? Endpoint => null;

    private protected RunContext Context { get; }
    private protected CancellationToken ShutdownToken => _shutdown.Token;

    internal Task FirstRunning => _firstRunning.Task;
    internal string DisplayName => Resource.Replicas.Count > 1 ? InstanceName : Resource.Name;

    /// <summary>Starts the process (when stopped) and completes once it is Running.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _wantRunning = true;
        Wake();
        await WaitForStateAsync(ReplicaState.Running, cancellationToken);
    }

    /// <summary>Stops the process the polite way (SIGTERM and drain; SIGINT for Postgres) and keeps it down.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _wantRunning = false;
        Wake();
        if (_loop is null) return; // never launched: nothing to stop
        await WaitForStateAsync(ReplicaState.Stopped, cancellationToken);
    }

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    /// <summary>SIGKILL, as a crash would. The supervisor restarts it after its backoff. Completes once the process is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false } process)
        {
            Event($"killing pid {process.Pid} (SIGKILL)");
            process.Kill();
            await process.Exited.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
    }

    /// <summary>Completes when the replica reaches <paramref name="state"/>; fails with what it saw if the deadline passes first.</summary>
    public async Task WaitForStateAsync(ReplicaState state, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_gate) changed = _stateChanged.Task;
            if (_state == state) return;
            await changed.WaitAsync(cancellationToken);
        }
    }

    public async Task WaitForStateAsync(ReplicaState state, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await WaitForStateAsync(state, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{InstanceName} did not reach {state} within {timeout.TotalSeconds:0.#} s; it is {State} (health {Health}, restarts {Restarts}). Last output:\n{Tail(15)}");
        }
    }

    internal string Tail(int lines) => string.Join('\n', Logs.Tail(lines).Select(l => "  " + l.Text));

    /// <summary>Launches the process; may return only once it answers (Postgres and Redis do).</summary>
    private protected abstract Task<ManagedProcess> LaunchAsync(CancellationToken cancellationToken);

    private protected abstract Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>Runs once per launch, after the first passing health check and before Running (e.g. create databases).</summary>
    private protected virtual Task OnHealthyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private protected virtual Task StopProcessAsync(ManagedProcess process) => process.StopAsync(Context.Options.StopGrace);

    /// <summary>Frees what outlives a process (data directories) once the run is over.</summary>
    private protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    internal void BeginSupervising() => _loop ??= Task.Run(SuperviseAsync);

    /// <summary>
    /// The run is ending: a process that exits from now on stays down. Ctrl+C in a terminal reaches every
    /// child too, and Postgres must not be restarted while the services that use it are still draining.
    /// </summary>
    internal void PrepareForShutdown() => _runEnding = true;

    /// <summary>Stops the process for good and ends the loop (the run is ending).</summary>
    internal async Task ShutdownAsync()
    {
        _wantRunning = false;
        await _shutdown.CancelAsync();
        Wake();
        if (_loop is not null) await _loop;
        await ReleaseAsync();
        SetState(ReplicaState.Stopped);
    }

    private async Task SuperviseAsync()
    {
        var backoff = Backoff.ForRestarts();
        var afterCrash = false;
        var token = _shutdown.Token;
        while (!token.IsCancellationRequested)
        {
            var wake = NextWake();
            if (!_wantRunning)
            {
                SetState(ReplicaState.Stopped);
                afterCrash = false;
                await wake.WaitAsync(token).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            SetState(afterCrash ? ReplicaState.Restarting : ReplicaState.Starting);
            Health = ReplicaHealth.Unknown;
            ManagedProcess? process = null;
            var launchedAt = DateTimeOffset.UtcNow;
            try
            {
                process = await LaunchAsync(token);
                _process = process;
                Event($"started pid {process.Pid}");
                await WatchAsync(process, launchedAt, backoff, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Event($"failed to start: {ex.Message}");
            }

            if (token.IsCancellationRequested) break;
            if (!_wantRunning) continue;
            if (_runEnding)
            {
                _wantRunning = false;
                continue;
            }

            // It ended on its own: a crash, a kill, or a launch that failed. Restart after a backoff.
            var code = process is { HasExited: true } ? await process.Exited : (int?)null;
            SetState(ReplicaState.Exited);
            Health = ReplicaHealth.Unknown;
            var delay = backoff.Next();
            Event($"exited{(code is null ? "" : $" with code {code}")}; restarting in {delay.TotalSeconds:0.0#} s");
            wake = NextWake();
            await Task.WhenAny(Task.Delay(delay, token), wake).ContinueWith(_ => { }, TaskScheduler.Default);
            if (token.IsCancellationRequested) break;
            if (!_wantRunning) continue;
            if (_runEnding)
            {
                // The exit was the first sign of a Ctrl+C that reached every process of the terminal.
                _wantRunning = false;
                continue;
            }
            Restarts++;
            afterCrash = true;
        }

        if (_process is { HasExited: false } last) await StopProcessAsync(last);
        SetState(ReplicaState.Stopped);
    }

    /// <summary>Waits for health, then keeps probing until the process ends — or stops it when asked to.</summary>
    private async Task WatchAsync(ManagedProcess process, DateTimeOffset launchedAt, Backoff backoff, CancellationToken token)
    {
        var healthySince = (DateTimeOffset?)null;
        while (true)
        {
            var wake = NextWake();
            if (process.HasExited) break;
            if (!_wantRunning || token.IsCancellationRequested)
            {
                Event($"stopping pid {process.Pid}");
                await StopProcessAsync(process);
                Event($"stopped (exit code {await process.Exited})");
                return;
            }

            var healthy = await ProbeAsync(token);
            if (healthy && healthySince is null)
            {
                try
                {
                    await OnHealthyAsync(token);
                    healthySince = DateTimeOffset.UtcNow;
                    Event(Context.RunningMessage(this, healthySince.Value - launchedAt));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    healthy = false;
                    Logs.Add("stderr", $"[apphost] not ready yet: {ex.Message}");
                }
            }

            if (process.HasExited || !_wantRunning || token.IsCancellationRequested) continue;
            Health = healthy ? ReplicaHealth.Healthy : ReplicaHealth.Unhealthy;
            if (healthySince is not null)
            {
                SetState(healthy ? ReplicaState.Running : ReplicaState.Unhealthy);
                _firstRunning.TrySetResult();
                if (DateTimeOffset.UtcNow - healthySince > Backoff.Recovered) backoff.Reset();
            }

            var interval = healthySince is null ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
            await Task.WhenAny(process.Exited, Task.Delay(interval, CancellationToken.None), wake);
        }
    }

    private async Task<bool> ProbeAsync(CancellationToken token)
    {
        try
        {
            return await IsHealthyAsync(token);
        }
        catch (Exception)
        {
            // A probe that throws (refused, timed out, cancelled) is a failed probe, nothing more.
            return false;
        }
    }

    /// <summary>A lifecycle event: on the console, and in the replica's log so the dashboard shows it between the process' own lines.</summary>
    private protected void Event(string text)
    {
        Logs.Add("stdout", $"{EventPrefix}{text}");
        Context.Echo.Event(DisplayName, text);
    }

    internal const string EventPrefix = "[apphost] ";

    private void SetState(ReplicaState state)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (_state == state) return;
            _state = state;
            changed = _stateChanged;
            _stateChanged = NewSignal();
        }
        changed.TrySetResult();
        Resource.OnReplicaStateChanged();
    }

    private Task NextWake()
    {
        lock (_gate) return _wake.Task;
    }

    private void Wake()
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            wake = _wake;
            _wake = NewSignal();
        }
        wake.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
