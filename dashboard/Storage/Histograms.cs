namespace Reference.Dashboard.Storage;

/// <summary>Quantiles from explicit-bucket histograms, interpolated linearly inside the bucket (as Prometheus does).</summary>
public static class Histograms
{
    /// <summary>
    /// The q-quantile (0..1) of a histogram with <paramref name="bounds"/> (upper bounds, ascending) and
    /// <paramref name="counts"/> (one more than bounds: the last is the overflow bucket). Null when empty.
    /// A quantile that lands in the overflow bucket is reported as the highest bound (nothing better is known).
    /// </summary>
    public static double? Quantile(double q, IReadOnlyList<double> bounds, IReadOnlyList<ulong> counts)
    {
        if (counts.Count != bounds.Count + 1) return null;
        ulong total = 0;
        foreach (var c in counts) total += c;
        if (total == 0) return null;

        var rank = q * total;
        double seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0) continue;
            if (seen + counts[i] >= rank)
            {
                if (i == bounds.Count) return bounds.Count == 0 ? null : bounds[^1];
                var lower = i == 0 ? 0 : bounds[i - 1];
                var upper = bounds[i];
                return lower + (upper - lower) * ((rank - seen) / counts[i]);
            }
            seen += counts[i];
        }
        return bounds.Count == 0 ? null : bounds[^1];
    }
}
