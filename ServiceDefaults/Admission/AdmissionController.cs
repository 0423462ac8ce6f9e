using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Reference.ServiceDefaults.Admission;

/// <summary>
/// The live state of admission control: requests in flight, the adaptive limit, and this window's
/// queueing-delay samples. <see cref="TryAdmit"/> is on every request's path, so it is two interlocked
/// operations; the limit moves once per adjustment window (<see cref="AdmissionLoop"/>).
/// </summary>
public sealed class AdmissionController
{
    public const string MeterName = "Reference.Admission";

    private readonly AdmissionOptions _options;
    private readonly AimdLimit _limit;
    private readonly Lock _samplesLock = new();
    private readonly List<double> _windowSamplesMs = new(64);
    private readonly Histogram<double> _queueDelay;
    private readonly Counter<long> _adjustments;
    private int _inFlight;
    private int _peakInFlight;
    private volatile int _currentLimit;

    public AdmissionController(IOptions<AdmissionOptions> options, IMeterFactory meterFactory)
    {
        _options = options.Value;
        _limit = new AimdLimit(_options.InitialLimit, _options.MinLimit, _options.MaxLimit, _options.BackoffRatio);
        _currentLimit = _limit.Current;

        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("reference.admission.limit", () => _currentLimit, unit: "{request}",
            description: "Requests the edge admits in flight at once; moves with the measured queueing delay.");
        meter.CreateObservableGauge("reference.admission.in_flight", () => Volatile.Read(ref _inFlight), unit: "{request}",
            description: "Requests admitted and not yet answered.");
        _queueDelay = meter.CreateHistogram("reference.admission.queue_delay", unit: "s",
            description: "How long ready work waited for a thread-pool thread (the congestion signal).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] });
        _adjustments = meter.CreateCounter<long>("reference.admission.limit_adjustments", unit: "{adjustment}",
            description: "Times the limit moved, by direction (increase: served without queueing; decrease: queueing began).");
    }

    public int Limit => _currentLimit;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>How many requests of <paramref name="criticality"/> may be in flight under the current limit.</summary>
    public int RoomFor(Criticality criticality) => Math.Max(1, (int)Math.Floor(_currentLimit * _options.ShareOf(criticality)));

    /// <summary>Admits the request (call <see cref="Release"/> when it is answered) or refuses it at once.</summary>
    public bool TryAdmit(Criticality criticality)
    {
        var now = Interlocked.Increment(ref _inFlight);
        if (now > RoomFor(criticality))
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }
        var peak = Volatile.Read(ref _peakInFlight);
        while (now > peak && Interlocked.CompareExchange(ref _peakInFlight, now, peak) is var seen && seen != peak) peak = seen;
        return true;
    }

    public void Release() => Interlocked.Decrement(ref _inFlight);

    /// <summary>One measurement of how long work waited for a thread.</summary>
    public void RecordQueueDelay(TimeSpan delay)
    {
        _queueDelay.Record(delay.TotalSeconds);
        lock (_samplesLock) _windowSamplesMs.Add(delay.TotalMilliseconds);
    }

    /// <summary>
    /// Ends a window: congested when the window's median delay passed the target (the median, so one GC
    /// pause or one late timer does not count as queueing, while a real backlog delays most samples).
    /// A window without samples counts as congested: the probe itself could not get a thread.
    /// </summary>
    public void Adjust()
    {
        double median;
        lock (_samplesLock)
        {
            median = _windowSamplesMs.Count == 0 ? double.PositiveInfinity : Median(_windowSamplesMs);
            _windowSamplesMs.Clear();
        }
        var peak = Interlocked.Exchange(ref _peakInFlight, Volatile.Read(ref _inFlight));
        var change = _limit.Adjust(median > _options.QueueDelayTarget.TotalMilliseconds, peak);
        _currentLimit = _limit.Current;
        if (change != 0) _adjustments.Add(1, new KeyValuePair<string, object?>("direction", change > 0 ? "increase" : "decrease"));
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        var middle = samples.Count / 2;
        return samples.Count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
    }
}
