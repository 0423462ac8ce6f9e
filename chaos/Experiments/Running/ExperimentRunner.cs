using System.Globalization;
using Reference.Chaos.Experiments.Journal;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Probes;
using Reference.Load.Runner;
using Reference.Load.Scenarios;
using Reference.Load.Simulations;
using Reference.Load.Stats;
using Reference.Load.Thresholds;
using Reference.Slos;

namespace Reference.Chaos.Experiments.Running;

/// <summary>
/// Runs one experiment the way Chaos Toolkit does, with mixed load at 1x on the gateway all along:
/// <list type="number">
/// <item>steady state before: the SLOs at 1x, every service Healthy, the experiment's own probes — if
/// they do not hold there is nothing to learn, and the method does not run (status Failed);</item>
/// <item>the method at the start of the fault window, a safeguard watching every second;</item>
/// <item>the rollbacks at the end of the window — and always: on a deviation, an error, a safeguard
/// abort, Ctrl+C or SIGTERM (the caller cancels the token);</item>
/// <item>the recovery window: time to recover from the per-second series;</item>
/// <item>steady state after, then the experiment's data probes (no order lost or duplicated…).</item>
/// </list>
/// Every step lands in the <see cref="ExperimentJournal"/>.
/// </summary>
/// <param name="steadyState">The SLO checks of the steady state; the SLO definition's unless a test of the runner itself loosens them.</param>
public sealed class ExperimentRunner(IChaosSystem system, ExperimentTiming timing, string profile, IProgress<string>? progress = null, SloThresholds? steadyState = null)
{
    public const string SteadyBefore = "steady-before", SteadyAfter = "steady-after";
    private const string Load = "load-scenario";

    /// <summary>A rollback gets this long even when the run was cancelled: undoing the fault matters more than stopping quickly.</summary>
    private static readonly TimeSpan RollbackLimit = TimeSpan.FromSeconds(30);

    /// <summary>The SLOs at 1x, and nothing shed: at 1x there is nothing to shed.</summary>
    public static SloThresholds SteadyStateSlos { get; } = SloThresholds.FromDefinition(SloDefinition.Current).WithMaxShedFraction(0);

    private readonly SloThresholds _slos = steadyState ?? SteadyStateSlos;

    public async Task<ExperimentJournal> RunAsync(Experiment experiment, CancellationToken cancellationToken = default)
    {
        var journal = new ExperimentJournal(experiment, timing, profile);
        using var context = new ExperimentContext(system, timing, experiment);
        context.Remember(OrderProbes.AcknowledgedOrders, new List<AcknowledgedOrder>());
        // One scenario for the whole experiment: it reads the catalog once, before any fault.
        context.Remember(Load, MixedJourney.Create(system.Gateway));
        context.Remember(OrderProbes.StartedAt, DateTimeOffset.UtcNow.AddSeconds(-1));
        var rolledBack = false;
        var aborted = false;
        Say($"{experiment.Name}: {experiment.Hypothesis}");
        try
        {
            // 1. Steady state before.
            var before = await RunLoadAsync(journal, context, [Phase(SteadyBefore, timing.SteadyState)], safeguard: null, cancellationToken);
            var steadyBefore = _slos.Evaluate(before.Phase(SteadyBefore)).Checks.ToList();
            steadyBefore.AddRange(await ProbeAsync(journal, context, "steady-state-before", [HealthProbes.EveryServiceHealthy, .. experiment.SteadyState], cancellationToken));
            journal.AddChecks(steadyBefore);
            if (steadyBefore.Any(c => !c.Passed))
            {
                journal.End(ExperimentStatus.Failed, "the steady state did not hold before the method: " + Describe(steadyBefore.Where(c => !c.Passed)));
                return journal;
            }

            // 2. Method during the fault window, under load, with the safeguard watching.
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var safeguard = new SafeguardWatch(experiment.Safeguard, () =>
            {
                aborted = true;
                Say($"safeguard: more than {experiment.Safeguard.MaxErrorShare:P0} of requests failed for {experiment.Safeguard.ConsecutiveSeconds} s in a row; rolling back now");
                journal.Add(new JournalEntry("safeguard", "method", "abort", journal.Now, journal.Now, false,
                    $"error share above {experiment.Safeguard.MaxErrorShare:P0} for {experiment.Safeguard.ConsecutiveSeconds} s"));
                abort.Cancel();
            });
            var loadStartedAt = journal.Now;
            var load = RunLoadAsync(journal, context,
                [Phase(Observation.FaultPhase, timing.Fault), Phase(Observation.RecoveryPhase, timing.Recovery)], safeguard, cancellationToken);
            try
            {
                foreach (var activity in experiment.Method)
                {
                    await RunActivityAsync(journal, context, "action", "method", activity, abort.Token);
                    if (activity.StartsFault) journal.FaultStartedAt ??= journal.Now;
                    if (activity.StartsRecoveryClock) journal.RecoveryClockStartedAt ??= journal.Now;
                }
                var faultEnds = loadStartedAt + timing.Fault.TotalSeconds;
                if (faultEnds > journal.Now) await Task.Delay(TimeSpan.FromSeconds(faultEnds - journal.Now), abort.Token);
            }
            catch (OperationCanceledException) when (aborted && !cancellationToken.IsCancellationRequested)
            {
                // The safeguard tripped: fall through to the rollbacks at once.
            }

            // 3. Rollbacks, at the end of the window (or now, if aborted).
            journal.RecoveryClockStartedAt ??= journal.Now;
            await RollBackAsync(journal, context, experiment);
            rolledBack = true;

            // 4. Recovery: the load runs on; time to recover from its per-second series.
            var during = await load;
            var ttr = RecoveryClock.Measure(during.Seconds, journal.RecoveryClockStartedAt.Value - loadStartedAt, _slos.LatencyMultiplier);
            journal.TimeToRecoverSeconds = ttr?.TotalSeconds;
            var observation = new Observation(during, during.Phase(Observation.FaultPhase), during.Phase(Observation.RecoveryPhase), ttr, context);
            journal.AddChecks(experiment.DuringFault(observation));
            journal.AddChecks([RecoveredCheck(experiment, ttr)]);

            // 5. Steady state after, and the data.
            var after = await RunLoadAsync(journal, context, [Phase(SteadyAfter, timing.SteadyState)], safeguard: null, cancellationToken);
            journal.AddChecks(_slos.Evaluate(after.Phase(SteadyAfter)).Checks);
            journal.AddChecks(await ProbeAsync(journal, context, "steady-state-after", [HealthProbes.EveryServiceHealthy, .. experiment.SteadyState], cancellationToken));
            journal.AddChecks(await ProbeAsync(journal, context, "afterwards", experiment.Afterwards, cancellationToken));

            if (aborted) journal.End(ExperimentStatus.Aborted, "a safeguard stopped the experiment early (rollbacks ran first)");
            else if (journal.Passed) journal.End(ExperimentStatus.Completed, "the hypothesis held");
            else journal.End(ExperimentStatus.Deviated, "the hypothesis did not hold: " + Describe(journal.Checks.Where(c => !c.Passed)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            journal.End(ExperimentStatus.Aborted, "interrupted (Ctrl+C, SIGTERM or a cancelled CI job); rollbacks ran");
        }
        catch (Exception ex)
        {
            journal.End(ExperimentStatus.Failed, $"could not run: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            if (!rolledBack) await RollBackAsync(journal, context, experiment);
        }
        Say($"{experiment.Name}: {journal.Status} — {journal.Reason}");
        return journal;
    }

    private static CheckResult RecoveredCheck(Experiment experiment, TimeSpan? ttr) => new("recovery", "time to recover",
        $"steady again within {experiment.RecoverWithin.TotalSeconds:0} s of the fault removed ({RecoveryClock.ConsecutiveSteadySeconds} s in a row without errors or shed, p99 <= {RecoveryClock.SteadyP99Ms:0} ms)",
        ttr is { } t ? $"{t.TotalSeconds:0.#} s" : "not steady again before the recovery window ended",
        ttr is { } r && r <= experiment.RecoverWithin);

    private async Task RollBackAsync(ExperimentJournal journal, ExperimentContext context, Experiment experiment)
    {
        using var limit = new CancellationTokenSource(RollbackLimit);
        foreach (var rollback in experiment.Rollbacks)
        {
            try { await RunActivityAsync(journal, context, "rollback", "rollbacks", rollback, limit.Token); }
            catch (Exception) { /* journaled; the next rollback still runs */ }
        }
    }

    private async Task RunActivityAsync(ExperimentJournal journal, ExperimentContext context, string kind, string part, ChaosActivity activity, CancellationToken ct)
    {
        var start = journal.Now;
        Say($"  {kind}: {activity.Name}");
        try
        {
            var output = await activity.Run(context, ct);
            journal.Add(new JournalEntry(kind, part, activity.Name, start, journal.Now, true, output));
            Say($"    {output}");
        }
        catch (Exception ex)
        {
            journal.Add(new JournalEntry(kind, part, activity.Name, start, journal.Now, false, $"{ex.GetType().Name}: {ex.Message}"));
            Say($"    failed: {ex.Message}");
            throw;
        }
    }

    private async Task<IReadOnlyList<CheckResult>> ProbeAsync(ExperimentJournal journal, ExperimentContext context, string part,
        IEnumerable<Probe> probes, CancellationToken ct)
    {
        var results = new List<CheckResult>();
        foreach (var probe in probes)
        {
            var start = journal.Now;
            IReadOnlyList<CheckResult> checks;
            try { checks = await probe.Run(context, ct); }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                checks = [new CheckResult(part, probe.Name, "the probe runs", $"{ex.GetType().Name}: {ex.Message}", false)];
            }
            checks = checks.Select(c => c with { Phase = part }).ToList();
            journal.Add(new JournalEntry("probe", part, probe.Name, start, journal.Now, checks.All(c => c.Passed), Describe(checks)));
            Say($"  probe: {probe.Name}: {(checks.All(c => c.Passed) ? "ok" : Describe(checks.Where(c => !c.Passed)))}");
            results.AddRange(checks);
        }
        return results;
    }

    private async Task<RunResult> RunLoadAsync(ExperimentJournal journal, ExperimentContext context, IReadOnlyList<LoadSimulation> phases,
        SafeguardWatch? safeguard, CancellationToken ct)
    {
        var startedAt = journal.Now;
        var result = await LoadRunner.RunAsync(context.Recall<Scenario>(Load), phases, new RunOptions(),
            new ProgressLines(context.Experiment.Name, safeguard, progress), ct);
        journal.AddLoad(result, startedAt);
        journal.Add(new JournalEntry("load", string.Join("+", result.Phases.Select(p => p.Name)), $"{timing.Rate:0} req/s mixed journey", startedAt, journal.Now, true,
            string.Join("; ", result.Phases.Select(p => $"{p.Name}: {p.Total.Count} requests, {p.Total.Errors} errors, {p.Total.Shed} shed, p99 {p.Total.Latency.P99Ms:0} ms"))));
        context.Recall<List<AcknowledgedOrder>>(OrderProbes.AcknowledgedOrders).AddRange(result.AcknowledgedOrders);
        return result;
    }

    private LoadSimulation Phase(string name, TimeSpan during) => Simulation.Inject(timing.Rate, TimeSpan.FromSeconds(1), during, name);

    private static string Describe(IEnumerable<CheckResult> checks) =>
        string.Join("; ", checks.Select(c => $"{c.Name}: {c.Measured}"));

    private void Say(string line) => progress?.Report(line);

    /// <summary>One line a second for a person watching, and the safeguard's input.</summary>
    private sealed class ProgressLines(string experiment, SafeguardWatch? safeguard, IProgress<string>? output) : IProgress<ProgressSnapshot>
    {
        private long _errors, _completed;

        public void Report(ProgressSnapshot p)
        {
            var errors = p.Errors - _errors;
            var completed = p.Completed - _completed;
            (_errors, _completed) = (p.Errors, p.Completed);
            safeguard?.Observe(completed == 0 ? 0 : (double)errors / completed);
            output?.Report(string.Create(CultureInfo.InvariantCulture,
                $"  [{experiment} {p.Phase} {p.Elapsed:mm\\:ss}/{p.Total:mm\\:ss}] {p.Rate,5:0.0} req/s  p99 {p.P99Ms,7:0.0} ms  errors {p.Errors,4}  shed {p.Shed,4}"));
        }
    }
}
