using Reference.Load.Simulations;

namespace Reference.Load.Runner;

/// <summary>
/// Walks the run plan on a dedicated thread. Open-model simulations fire each arrival at its computed
/// time without waiting for earlier ones; if the scheduler itself falls behind it fires the overdue
/// arrivals at once (their latency still counts from the intended time). Closed-model simulations start
/// their virtual users and wait for the simulation's end.
/// </summary>
internal sealed class Scheduler(RunPlan plan, RequestPath path, RunClock clock, CancellationToken cancellationToken)
{
    private readonly List<Task> _virtualUsers = [];

    /// <summary>Completes when the last simulation has ended and every virtual user has stopped.</summary>
    public Task RunAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { Run(); done.SetResult(); }
            catch (Exception e) { done.SetException(e); }
        })
        {
            IsBackground = true,
            Name = "load-scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task.ContinueWith(async t => { await t; await Task.WhenAll(_virtualUsers); }, TaskScheduler.Default).Unwrap();
    }

    private void Run()
    {
        foreach (var planned in plan.Simulations)
        {
            var startTicks = RunPlan.ToTicks(planned.Start);
            var endTicks = startTicks + RunPlan.ToTicks(planned.Simulation.During);
            switch (planned.Simulation)
            {
                case InjectSimulation or RampingInjectSimulation:
                    foreach (var offset in ArrivalSchedule.Offsets(planned.Simulation, planned.StartRatePerSecond))
                    {
                        var intended = startTicks + RunPlan.ToTicks(offset);
                        if (!PreciseWait.Until(clock.StartTimestamp + intended, cancellationToken)) return;
                        path.Dispatch(planned.Phase, intended);
                    }
                    break;
                case KeepConstantSimulation keep:
                    if (!PreciseWait.Until(clock.StartTimestamp + startTicks, cancellationToken)) return;
                    for (var i = 0; i < keep.Copies; i++)
                        _virtualUsers.Add(Task.Run(() => VirtualUserAsync(planned.Phase, endTicks)));
                    break;
            }
            if (!PreciseWait.Until(clock.StartTimestamp + endTicks, cancellationToken)) return;
        }
    }

    private async Task VirtualUserAsync(int phase, long endTicks)
    {
        // Closed model: the next request waits for the previous answer, so "intended" is simply "now".
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.Now;
            if (now >= endTicks) return;
            await path.SendAsync(path.PickStep(), phase, now);
        }
    }
}
