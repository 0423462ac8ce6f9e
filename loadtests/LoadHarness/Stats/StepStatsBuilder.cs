using HdrHistogram;

namespace Reference.Load.Stats;

/// <summary>
/// Accumulates requests into <see cref="StepStats"/>. Not thread safe: the runner feeds it from one
/// aggregating thread. Public so tests and gates can build results by hand.
/// </summary>
public sealed class StepStatsBuilder(string name, string? journey = null)
{
    private readonly LongHistogram _all = LatencyDistribution.NewHistogram();
    private readonly LongHistogram _admitted = LatencyDistribution.NewHistogram();
    private readonly LongHistogram _shed = LatencyDistribution.NewHistogram();
    private readonly Dictionary<string, long> _statusCodes = [];
    private readonly long[] _outcomes = new long[Enum.GetValues<Outcome>().Length];
    private long _shedWithoutRetryAfter;

    public string Name => name;
    public string? Journey => journey;
    public long Count => _outcomes.Sum();

    /// <summary>Records a response with <paramref name="statusCode"/> (classified as ok / 4xx / 5xx / shed).</summary>
    public StepStatsBuilder Record(int statusCode, TimeSpan latency, bool retryAfter = false) =>
        Record(Outcomes.Classify(statusCode), statusCode, (long)(latency.TotalMilliseconds * 1000), retryAfter);

    /// <summary>Records <paramref name="count"/> identical responses (handy for hand-built results).</summary>
    public StepStatsBuilder Record(int statusCode, TimeSpan latency, int count, bool retryAfter = false)
    {
        for (var i = 0; i < count; i++) Record(statusCode, latency, retryAfter);
        return this;
    }

    public StepStatsBuilder Record(Outcome outcome, int statusCode, long latencyMicros, bool retryAfter)
    {
        var micros = LatencyDistribution.ClampMicros(latencyMicros);
        // A request never sent has no latency; it is counted (as an error) but not timed.
        if (outcome != Outcome.NotSent) _all.RecordValue(micros);
        if (outcome == Outcome.Shed)
        {
            _shed.RecordValue(micros);
            if (!retryAfter) _shedWithoutRetryAfter++;
        }
        else if (outcome != Outcome.NotSent)
        {
            _admitted.RecordValue(micros);
        }
        _outcomes[(int)outcome]++;
        var label = Outcomes.Label(outcome, statusCode);
        _statusCodes[label] = _statusCodes.GetValueOrDefault(label) + 1;
        return this;
    }

    /// <summary>Adds everything <paramref name="other"/> counted (to combine steps into a journey or a phase total).</summary>
    public StepStatsBuilder Add(StepStats other)
    {
        _all.Add(other.Latency.Histogram);
        _admitted.Add(other.AdmittedLatency.Histogram);
        _shed.Add(other.ShedLatency.Histogram);
        _outcomes[(int)Outcome.Ok] += other.Ok;
        _outcomes[(int)Outcome.ClientError] += other.ClientErrors;
        _outcomes[(int)Outcome.ServerError] += other.ServerErrors;
        _outcomes[(int)Outcome.Timeout] += other.Timeouts;
        _outcomes[(int)Outcome.TransportError] += other.TransportErrors;
        _outcomes[(int)Outcome.InvalidResponse] += other.InvalidResponses;
        _outcomes[(int)Outcome.NotSent] += other.NotSent;
        _outcomes[(int)Outcome.Shed] += other.Shed;
        _shedWithoutRetryAfter += other.ShedWithoutRetryAfter;
        foreach (var (label, count) in other.StatusCodes)
            _statusCodes[label] = _statusCodes.GetValueOrDefault(label) + count;
        return this;
    }

    /// <summary>A snapshot; <paramref name="duration"/> turns the count into an achieved rate.</summary>
    public StepStats Build(TimeSpan duration) => new()
    {
        Name = name,
        Journey = journey,
        Count = Count,
        Ok = _outcomes[(int)Outcome.Ok],
        ClientErrors = _outcomes[(int)Outcome.ClientError],
        ServerErrors = _outcomes[(int)Outcome.ServerError],
        Timeouts = _outcomes[(int)Outcome.Timeout],
        TransportErrors = _outcomes[(int)Outcome.TransportError],
        InvalidResponses = _outcomes[(int)Outcome.InvalidResponse],
        NotSent = _outcomes[(int)Outcome.NotSent],
        Shed = _outcomes[(int)Outcome.Shed],
        ShedWithoutRetryAfter = _shedWithoutRetryAfter,
        AchievedRate = duration > TimeSpan.Zero ? (Count - _outcomes[(int)Outcome.NotSent]) / duration.TotalSeconds : 0,
        StatusCodes = new SortedDictionary<string, long>(_statusCodes, StringComparer.Ordinal),
        Latency = new LatencyDistribution(_all.Copy()),
        AdmittedLatency = new LatencyDistribution(_admitted.Copy()),
        ShedLatency = new LatencyDistribution(_shed.Copy()),
    };

    /// <summary>Combines several stats (e.g. all steps of one journey) into one.</summary>
    public static StepStats Combine(string name, string? journey, IEnumerable<StepStats> parts, TimeSpan duration)
    {
        var builder = new StepStatsBuilder(name, journey);
        foreach (var part in parts) builder.Add(part);
        return builder.Build(duration);
    }
}
