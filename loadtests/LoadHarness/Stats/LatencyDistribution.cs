using System.Text.Json.Serialization;
using HdrHistogram;

namespace Reference.Load.Stats;

/// <summary>
/// A latency histogram (HdrHistogram, microseconds, 3 significant digits) and its headline percentiles
/// in milliseconds. Immutable once built; the histogram stays available for any other percentile or for
/// "what fraction finished within X".
/// </summary>
public sealed class LatencyDistribution
{
    /// <summary>Highest latency a histogram tracks; larger values are clamped (and no request lives that long).</summary>
    public const long HighestTrackableMicros = 10L * 60 * 1_000_000;

    private readonly HistogramBase _histogram;

    internal LatencyDistribution(HistogramBase histogram)
    {
        _histogram = histogram;
        Count = histogram.TotalCount;
        if (Count == 0) return;
        P50Ms = PercentileMs(50);
        P90Ms = PercentileMs(90);
        P99Ms = PercentileMs(99);
        P999Ms = PercentileMs(99.9);
        MaxMs = histogram.GetMaxValue() / 1000.0;
        MeanMs = histogram.GetMean() / 1000.0;
    }

    public static LatencyDistribution Empty { get; } = new(NewHistogram());

    public long Count { get; }
    public double P50Ms { get; }
    public double P90Ms { get; }
    public double P99Ms { get; }
    public double P999Ms { get; }
    public double MaxMs { get; }
    public double MeanMs { get; }

    /// <summary>The latency at <paramref name="percentile"/> (0-100) in ms; 0 when empty.</summary>
    public double PercentileMs(double percentile) =>
        Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile) / 1000.0;

    /// <summary>The fraction (0-1) of requests that finished within <paramref name="milliseconds"/>; 1 when empty.</summary>
    public double FractionWithinMs(double milliseconds)
    {
        if (Count == 0) return 1;
        var limit = (long)(milliseconds * 1000);
        long within = 0;
        foreach (var value in _histogram.RecordedValues())
        {
            if (value.ValueIteratedTo > limit) break;
            within += value.CountAddedInThisIterationStep;
        }
        return (double)within / Count;
    }

    [JsonIgnore] internal HistogramBase Histogram => _histogram;

    internal static LongHistogram NewHistogram(int significantDigits = 3) =>
        new(1, HighestTrackableMicros, significantDigits);

    internal static long ClampMicros(long micros) => Math.Clamp(micros, 1, HighestTrackableMicros);
}
