using System.Diagnostics;
using System.Threading.Channels;
using HdrHistogram;
using Reference.Load.Scenarios;
using Reference.Load.Stats;

namespace Reference.Load.Runner;

/// <summary>
/// The only writer of every histogram and counter: request paths hand it <see cref="CompletedRequest"/>s
/// through a channel, so recording needs no locks and a slow report never slows a request.
/// Also produces the live progress.
/// </summary>
internal sealed class Aggregator
{
    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(20);

    private readonly Scenario _scenario;
    private readonly RunPlan _plan;
    private readonly StepStatsBuilder[][] _byPhase;   // [phase][step]
    private readonly LongHistogram[] _sendLag;        // per phase
    private readonly long[] _lastEndTicks;            // per phase
    private readonly List<SecondBuilder> _seconds = [];

    /// <summary>Enough failed requests to follow a few traces, not so many that a broken run fills memory.</summary>
    public const int FailedSampleLimit = 200;
    private readonly List<FailedRequest> _failed = [];

    // Progress window, reset at every report.
    private readonly LongHistogram _window = LatencyDistribution.NewHistogram(significantDigits: 2);
    private long _completed, _errors, _shed, _windowStartCompleted;

    public Aggregator(Scenario scenario, RunPlan plan)
    {
        _scenario = scenario;
        _plan = plan;
        _byPhase = plan.Phases
            .Select(_ => scenario.Steps.Select(s => new StepStatsBuilder(s.Name, s.Journey)).ToArray())
            .ToArray();
        _sendLag = plan.Phases.Select(_ => LatencyDistribution.NewHistogram()).ToArray();
        _lastEndTicks = new long[plan.Phases.Count];
    }

    /// <summary>Drains the channel until it completes, reporting progress on the way.</summary>
    public async Task RunAsync(ChannelReader<CompletedRequest> reader, RunClock clock, Func<long> inFlight,
        IProgress<ProgressSnapshot>? progress, TimeSpan progressInterval)
    {
        var nextReport = Stopwatch.GetTimestamp() + RunPlan.ToTicks(progressInterval);
        var lastReport = Stopwatch.GetTimestamp();
        while (true)
        {
            while (reader.TryRead(out var request)) Record(request);
            if (reader.Completion.IsCompleted) break;

            var now = Stopwatch.GetTimestamp();
            if (progress is not null && now >= nextReport)
            {
                progress.Report(TakeProgress(clock, inFlight(), Stopwatch.GetElapsedTime(lastReport, now)));
                lastReport = now;
                nextReport = now + RunPlan.ToTicks(progressInterval);
            }
            // Record in batches: waking per request would cost more than recording it.
            await Task.WhenAny(reader.Completion, Task.Delay(BatchInterval));
        }
        if (progress is not null)
            progress.Report(TakeProgress(clock, inFlight(), Stopwatch.GetElapsedTime(lastReport)));
    }

    private void Record(in CompletedRequest request)
    {
        var latencyMicros = (long)((request.EndTicks - request.IntendedTicks) * MicrosPerTick);
        _lastEndTicks[request.Phase] = Math.Max(_lastEndTicks[request.Phase], request.EndTicks);
        _byPhase[request.Phase][request.Step].Record(request.Outcome, request.StatusCode, latencyMicros, request.RetryAfter);
        if (request.Outcome != Outcome.NotSent)
            _sendLag[request.Phase].RecordValue(LatencyDistribution.ClampMicros((long)((request.SentTicks - request.IntendedTicks) * MicrosPerTick)));

        var startSecond = Second((long)(request.IntendedTicks * MicrosPerTick / 1_000_000));
        startSecond.Started++;
        if (request.Outcome.IsError()) startSecond.Errors++;
        if (request.Outcome == Outcome.Shed) startSecond.Shed++;
        if (request.Outcome != Outcome.NotSent) startSecond.Latency.RecordValue(LatencyDistribution.ClampMicros(latencyMicros));
        Second((long)(request.EndTicks * MicrosPerTick / 1_000_000)).Completed++;
        if ((request.Outcome.IsError() || request.Outcome == Outcome.Shed) && request.Outcome != Outcome.NotSent && _failed.Count < FailedSampleLimit)
        {
            var second = (int)(request.IntendedTicks * MicrosPerTick / 1_000_000);
            _failed.Add(new FailedRequest(second, _plan.Phases[request.Phase].Name, _scenario.Steps[request.Step].Name,
                Outcomes.Label(request.Outcome, request.StatusCode), latencyMicros / 1000.0, request.TraceId.ToHexString(), request.Said));
        }

        _completed++;
        if (request.Outcome.IsError()) _errors++;
        if (request.Outcome == Outcome.Shed) _shed++;
        if (request.Outcome != Outcome.NotSent) _window.RecordValue(LatencyDistribution.ClampMicros(latencyMicros));
    }

    private SecondBuilder Second(long second)
    {
        var index = (int)Math.Clamp(second, 0, int.MaxValue - 1);
        while (_seconds.Count <= index) _seconds.Add(new SecondBuilder());
        return _seconds[index];
    }

    private ProgressSnapshot TakeProgress(RunClock clock, long inFlight, TimeSpan window)
    {
        var elapsed = clock.Elapsed;
        var responses = _completed - _windowStartCompleted;
        var snapshot = new ProgressSnapshot(
            Elapsed: elapsed,
            Total: _plan.Total,
            Phase: _plan.PhaseAt(elapsed),
            Rate: window > TimeSpan.Zero ? responses / window.TotalSeconds : 0,
            InFlight: inFlight,
            P99Ms: _window.TotalCount == 0 ? 0 : _window.GetValueAtPercentile(99) / 1000.0,
            Completed: _completed,
            Errors: _errors,
            Shed: _shed);
        _window.Reset();
        _windowStartCompleted = _completed;
        return snapshot;
    }

    public RunResult Build(DateTimeOffset startedAt, TimeSpan duration, IReadOnlyList<AcknowledgedOrder> orders, IReadOnlyList<string> sentKeys)
    {
        var seconds = _seconds.Select((s, i) => s.Build(i, _plan.PhaseAt(TimeSpan.FromSeconds(i)))).ToArray();
        var phases = _plan.Phases.Select((phase, p) =>
        {
            var steps = _byPhase[p].Select(b => b.Build(phase.Duration)).ToArray();
            return PhaseResult.Create(phase.Name, phase.Start, phase.Duration, phase.Planned, steps,
                seconds.Where(s => s.Phase == phase.Name).ToArray(), new LatencyDistribution(_sendLag[p].Copy()),
                Stopwatch.GetElapsedTime(0, _lastEndTicks[p]));
        }).ToArray();

        var overallSteps = _scenario.Steps
            .Select((step, s) => StepStatsBuilder.Combine(step.Name, step.Journey, phases.Select(p => p.Steps[s]), _plan.Total))
            .ToArray();
        var allLag = LatencyDistribution.NewHistogram();
        foreach (var lag in _sendLag) allLag.Add(lag);
        var overall = PhaseResult.Create("overall", TimeSpan.Zero, _plan.Total, _plan.Phases.Sum(p => p.Planned), overallSteps, seconds,
            new LatencyDistribution(allLag), Stopwatch.GetElapsedTime(0, _lastEndTicks.Max()));

        return new RunResult
        {
            Scenario = _scenario.Name,
            Target = _scenario.BaseAddress.ToString(),
            StartedAt = startedAt,
            Duration = duration,
            Machine = MachineInfo.Current(),
            Simulations = _plan.Simulations.Select(s => $"{_plan.Phases[s.Phase].Name}: {s.Simulation}").ToArray(),
            Phases = phases,
            Overall = overall,
            Seconds = seconds,
            AcknowledgedOrders = orders,
            SentIdempotencyKeys = sentKeys,
            FailedRequests = _failed.ToArray(),
        };
    }

    private sealed class SecondBuilder
    {
        public long Started, Completed, Errors, Shed;
        public readonly LongHistogram Latency = LatencyDistribution.NewHistogram(significantDigits: 2);

        public SecondStats Build(int second, string phase) => Latency.TotalCount == 0
            ? new SecondStats(second, phase, Started, Completed, Errors, Shed, 0, 0, 0)
            : new SecondStats(second, phase, Started, Completed, Errors, Shed,
                Latency.GetValueAtPercentile(50) / 1000.0, Latency.GetValueAtPercentile(99) / 1000.0, Latency.GetMaxValue() / 1000.0);
    }
}

/// <summary>The run's zero point.</summary>
internal sealed class RunClock(long startTimestamp)
{
    public long StartTimestamp => startTimestamp;
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(startTimestamp);
    public long Now => Stopwatch.GetTimestamp() - startTimestamp;
}
