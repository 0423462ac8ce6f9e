extern alias load;

using Reference.Chaos.Experiments.Catalogue;
using Reference.Chaos.Experiments.Journal;
using Reference.Chaos.Experiments.Model;
using Reference.Chaos.Experiments.Running;
using load::Reference.Load.Runner;
using load::Reference.Load.Scenarios;
using load::Reference.Load.Simulations;

namespace Reference.Chaos.Tests.Experiments;

/// <summary>
/// The runner's promises, against a real HTTP server: the rollbacks run however the experiment ends
/// (completed, an activity failing, the safeguard, Ctrl+C), and the status says which.
/// </summary>
public sealed class ExperimentRunnerTests : IAsyncLifetime
{
    /// <summary>Short windows at a low rate: the semantics, not the system, are under test.</summary>
    private static readonly ExperimentTiming Quick = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(4), Rate: 20);

    private StandInGateway _gateway = null!;
    private int _rollbacks;

    public async Task InitializeAsync()
    {
        _gateway = await StandInGateway.StartAsync();
        // Unjudged: the first requests of a fresh server and of the harness pay for JIT, and the steady state would not hold.
        await LoadRunner.RunAsync(MixedJourney.Create(_gateway.Gateway), [Simulation.Inject(Quick.Rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), "warm-up")]);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task An_undisturbed_system_completes_with_zero_time_to_recover_and_the_rollbacks_run()
    {
        var journal = await RunAsync(Experiment(method: ChaosActivity.Action("nothing", (_, _) => Task.FromResult("did nothing"))));

        Assert.True(journal.Status == ExperimentStatus.Completed, $"{journal.Status}: {journal.Reason}");
        Assert.Equal(0, journal.TimeToRecoverSeconds);
        Assert.Equal(1, _rollbacks);
    }

    [Fact]
    public async Task A_failing_activity_still_rolls_back_and_ends_as_could_not_run()
    {
        var journal = await RunAsync(Experiment(method: ChaosActivity.Action("break", (_, _) => throw new InvalidOperationException("no such fault"))));

        Assert.True(journal.Status == ExperimentStatus.Failed, $"{journal.Status}: {journal.Reason}");
        Assert.Contains("no such fault", journal.Reason);
        Assert.Equal(1, _rollbacks);
        Assert.Contains(journal.Entries, e => e.Kind == "rollback" && e.Succeeded);
    }

    [Fact]
    public async Task The_safeguard_rolls_back_before_the_fault_window_ends_and_the_run_is_aborted()
    {
        var experiment = Experiment(method: ChaosActivity.Action("every request fails", (_, _) => { _gateway.Failing = true; return Task.FromResult("500s"); }) with { StartsFault = true })
            with { Safeguard = new Safeguard(MaxErrorShare: 0.5, ConsecutiveSeconds: 2) };

        var journal = await RunAsync(experiment);

        Assert.True(journal.Status == ExperimentStatus.Aborted, $"{journal.Status}: {journal.Reason}");
        Assert.Equal(1, _rollbacks);
        var safeguard = Assert.Single(journal.Entries, e => e.Kind == "safeguard");
        var rollback = Assert.Single(journal.Entries, e => e.Kind == "rollback");
        Assert.True(rollback.Start >= safeguard.Start);
        Assert.True(rollback.Start - journal.FaultStartedAt < Quick.Fault.TotalSeconds, "rolled back before the window would have ended");
        Assert.False(_gateway.Failing);
    }

    [Fact]
    public async Task Cancelling_during_the_fault_rolls_back_and_reports_aborted()
    {
        using var ctrlC = new CancellationTokenSource();
        var experiment = Experiment(method: ChaosActivity.Action("fault, then Ctrl+C", (_, _) => { ctrlC.CancelAfter(TimeSpan.FromSeconds(1)); return Task.FromResult("armed"); }) with { StartsFault = true });

        var journal = await RunAsync(experiment, ctrlC.Token);

        Assert.True(journal.Status == ExperimentStatus.Aborted, $"{journal.Status}: {journal.Reason}");
        Assert.Contains("interrupted", journal.Reason);
        Assert.Equal(1, _rollbacks);
    }

    private Task<ExperimentJournal> RunAsync(Experiment experiment, CancellationToken cancellationToken = default) =>
        new ExperimentRunner(_gateway, Quick, "test", steadyState: ExperimentRunner.SteadyStateSlos.WithLatencyMultiplier(LatencyAllowance)).RunAsync(experiment, cancellationToken);

    /// <summary>These tests run beside other suites on two cores: they judge the runner's semantics, and the
    /// steady state's latency objectives (not its availability) are loosened so CPU contention cannot decide them.</summary>
    private const double LatencyAllowance = 25;

    private Experiment Experiment(ChaosActivity method) => new()
    {
        Name = "runner-test",
        Title = "runner semantics",
        Hypothesis = "the stand-in keeps answering",
        Method = [method],
        Rollbacks = [ChaosActivity.Action("restore", (_, _) => { Interlocked.Increment(ref _rollbacks); _gateway.Failing = false; return Task.FromResult("restored"); })],
        DuringFault = o => [LoadChecks.NoUngracefulErrors(o.Fault)],
        RecoverWithin = TimeSpan.FromSeconds(3),
    };
}
