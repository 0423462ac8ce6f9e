using System.Diagnostics;
using System.Text.Json.Serialization;
using Reference.Chaos.Experiments.Model;
using Reference.Load.Stats;
using Reference.Load.Thresholds;

namespace Reference.Chaos.Experiments.Journal;

/// <summary>
/// Everything one run of an experiment did and saw, written as <c>journal.json</c> next to its
/// reports: every probe, action and rollback with its time and result, every check, the per-second
/// timeline of the load, the failed requests' trace ids, the time to recover and the status.
/// </summary>
public sealed class ExperimentJournal
{
    private const int FailedPerStep = 15;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<JournalEntry> _entries = [];
    private readonly List<CheckResult> _checks = [];
    private readonly List<TimelineSecond> _timeline = [];
    private readonly List<TimelineBand> _bands = [];
    private readonly List<FailedRequest> _failed = [];

    public ExperimentJournal(Experiment experiment, ExperimentTiming timing, string profile)
    {
        Experiment = experiment.Name;
        Title = experiment.Title;
        Hypothesis = experiment.Hypothesis;
        Runbook = experiment.Runbook;
        Profile = profile;
        Timing = timing;
        RecoverWithinSeconds = experiment.RecoverWithin.TotalSeconds;
    }

    public string Experiment { get; }
    public string Title { get; }
    public string Hypothesis { get; }
    public string Runbook { get; }
    public string Profile { get; }
    public ExperimentTiming Timing { get; }
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? EndedAt { get; private set; }
    [JsonConverter(typeof(JsonStringEnumConverter<ExperimentStatus>))]
    public ExperimentStatus Status { get; private set; } = ExperimentStatus.Failed;
    /// <summary>Why it ended the way it did, in one line.</summary>
    public string Reason { get; private set; } = "";
    public string LoadAverageBefore { get; } = LoadAverage();
    public string LoadAverageAfter { get; private set; } = "";
    public double RecoverWithinSeconds { get; }
    /// <summary>Null when the system never recovered (or the run did not get that far).</summary>
    public double? TimeToRecoverSeconds { get; set; }
    /// <summary>Seconds since start when the fault came in force, and when the recovery clock started.</summary>
    public double? FaultStartedAt { get; set; }
    public double? RecoveryClockStartedAt { get; set; }
    public IReadOnlyList<JournalEntry> Entries => _entries;
    public IReadOnlyList<CheckResult> Checks => _checks;
    public IReadOnlyList<TimelineSecond> Timeline => _timeline;
    public IReadOnlyList<TimelineBand> Bands => _bands;
    public IReadOnlyList<FailedRequest> FailedRequests => _failed;
    /// <summary>The load's key rows per phase, for the report's table.</summary>
    public List<PhaseRow> Phases { get; } = [];

    public double Now => _clock.Elapsed.TotalSeconds;

    public void Add(JournalEntry entry) { lock (_entries) _entries.Add(entry); }

    public void AddChecks(IEnumerable<CheckResult> checks) { lock (_checks) _checks.AddRange(checks); }

    /// <summary>Adds a load run's seconds to the timeline at the moment the run started.</summary>
    public void AddLoad(RunResult run, double startedAt)
    {
        foreach (var s in run.Seconds)
            _timeline.Add(new TimelineSecond(Math.Round(startedAt + s.Second, 3), s.Phase, s.Started, s.Errors, s.Shed, s.P99Ms));
        foreach (var phase in run.Phases)
        {
            _bands.Add(new TimelineBand(phase.Name, startedAt + phase.Start.TotalSeconds, startedAt + (phase.Start + phase.Duration).TotalSeconds));
            Phases.Add(PhaseRow.From(phase));
        }
        // A few of each step, so the expected failures of one journey (checkout refused during an outage) do not hide another's.
        foreach (var failed in run.FailedRequests.GroupBy(f => f.Step).SelectMany(g => g.Take(FailedPerStep)))
            _failed.Add(failed with { Second = failed.Second + (int)startedAt });
    }

    public bool Passed => _checks.All(c => c.Passed);

    public void End(ExperimentStatus status, string reason)
    {
        Status = status;
        Reason = reason;
        EndedAt = DateTimeOffset.UtcNow;
        LoadAverageAfter = LoadAverage();
    }

    public static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}

/// <summary>One second of load: when (seconds since the experiment started), requests started, errors, shed, p99.</summary>
public sealed record TimelineSecond(double At, string Phase, long Requests, long Errors, long Shed, double P99Ms);

public sealed record TimelineBand(string Phase, double From, double To);

/// <summary>A phase's key figures: what a reader compares across before, fault, recovery and after.</summary>
public sealed record PhaseRow(string Phase, long Requests, long Errors, long Shed, double BrowseP99Ms, double BasketP99Ms, double CheckoutP99Ms,
    double BrowseServed, double BasketServed, double CheckoutServed)
{
    public static PhaseRow From(PhaseResult phase)
    {
        double P99(string journey) => phase.Journey(journey) is { Latency.Count: > 0 } j ? j.Latency.P99Ms : 0;
        double Served(string journey) => phase.Journey(journey) is { Count: > 0 } j ? (double)(j.Count - j.Errors - j.Shed) / j.Count : 1;
        return new PhaseRow(phase.Name, phase.Total.Count, phase.Total.Errors, phase.Total.Shed,
            P99("browse"), P99("basket"), P99("checkout"), Served("browse"), Served("basket"), Served("checkout"));
    }
}
