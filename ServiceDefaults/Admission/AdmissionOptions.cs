using System.ComponentModel.DataAnnotations;

namespace Reference.ServiceDefaults.Admission;

/// <summary>
/// Adaptive admission control (the <c>Admission</c> section), validated on start. The limit on requests in
/// flight moves with the measured queueing delay of this process (see <see cref="AimdLimit"/>): it grows
/// while requests are served without queueing and backs off as soon as they start to queue.
/// </summary>
public sealed class AdmissionOptions : IValidatableObject
{
    public const string Section = "Admission";

    /// <summary>The limit at start, before anything has been measured.</summary>
    [Range(1, 100_000)]
    public int InitialLimit { get; set; } = 64;

    /// <summary>
    /// The limit never falls below this: critical requests always have room, and a burst of queueing (a
    /// deploy's JIT, a neighbour's GC) cannot leave a limit so low that 1x traffic is shed while the
    /// limit climbs back (8 did: one request in 400 shed at 1x right after start).
    /// </summary>
    [Range(1, 100_000)]
    public int MinLimit { get; set; } = 32;

    /// <summary>The limit never grows past this: a bound on memory and sockets when every dependency hangs.</summary>
    [Range(1, 100_000)]
    public int MaxLimit { get; set; } = 1024;

    /// <summary>
    /// Queueing delay (how long ready work waits for a thread, <see cref="QueueDelayProbe"/>) above which
    /// the process counts as congested. Small next to the tightest latency objective (browse, 200 ms): a
    /// request that waits this long for a CPU once per hop is still far inside its SLO, one that waits
    /// much longer is not.
    /// </summary>
    public TimeSpan QueueDelayTarget { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often the queueing delay is sampled.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How often the limit is adjusted, from the samples of the window just ended.</summary>
    public TimeSpan AdjustInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Multiplicative decrease on a congested window (Netflix's AIMD limiter uses 0.9).</summary>
    [Range(0.1, 0.99)]
    public double BackoffRatio { get; set; } = 0.9;

    /// <summary>
    /// The share of the limit that requests of each criticality may fill. Sheddable work is admitted only
    /// while there is room above it for the more critical: under overload it is refused first.
    /// </summary>
    public Dictionary<Criticality, double> Shares { get; set; } = new()
    {
        [Criticality.Sheddable] = 0.75,
        [Criticality.Default] = 0.9,
        [Criticality.Critical] = 1.0,
    };

    internal double ShareOf(Criticality criticality) => Shares.TryGetValue(criticality, out var share) ? share : 1.0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinLimit > MaxLimit) yield return new("Admission:MinLimit must not exceed Admission:MaxLimit.", [nameof(MinLimit)]);
        if (InitialLimit < MinLimit || InitialLimit > MaxLimit) yield return new("Admission:InitialLimit must lie between MinLimit and MaxLimit.", [nameof(InitialLimit)]);
        if (QueueDelayTarget <= TimeSpan.Zero || QueueDelayTarget > TimeSpan.FromSeconds(1)) yield return new("Admission:QueueDelayTarget must be between 0 and 1 second.", [nameof(QueueDelayTarget)]);
        if (ProbeInterval <= TimeSpan.Zero) yield return new("Admission:ProbeInterval must be > 0.", [nameof(ProbeInterval)]);
        if (AdjustInterval < ProbeInterval) yield return new("Admission:AdjustInterval must be at least Admission:ProbeInterval.", [nameof(AdjustInterval)]);
        foreach (var (criticality, share) in Shares)
        {
            if (share is <= 0 or > 1) yield return new($"Admission:Shares:{criticality} must be in (0, 1].", [nameof(Shares)]);
        }
    }
}
