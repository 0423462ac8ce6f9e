namespace Reference.Load.Scenarios;

/// <summary>Chooses an index with probability proportional to its weight (cumulative weights + binary search).</summary>
public sealed class WeightedPicker
{
    private readonly double[] _cumulative;

    public WeightedPicker(IReadOnlyList<double> weights)
    {
        if (weights.Count == 0) throw new ArgumentException("at least one weight is needed.", nameof(weights));
        _cumulative = new double[weights.Count];
        double total = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] <= 0 || double.IsNaN(weights[i]))
                throw new ArgumentException($"weights[{i}] must be positive, got {weights[i]}.", nameof(weights));
            total += weights[i];
            _cumulative[i] = total;
        }
        for (var i = 0; i < _cumulative.Length; i++) _cumulative[i] /= total;
        _cumulative[^1] = 1.0;
    }

    /// <summary>The index for a uniform sample <paramref name="u"/> in [0, 1).</summary>
    public int Pick(double u)
    {
        var index = Array.BinarySearch(_cumulative, u);
        // BinarySearch returns the complement of the first larger element when u is not an exact boundary;
        // an exact boundary belongs to the next bucket (buckets are [lo, hi)).
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, _cumulative.Length - 1);
    }

    public int Pick(Random random) => Pick(random.NextDouble());
}
