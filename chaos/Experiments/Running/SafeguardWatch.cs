using Reference.Chaos.Experiments.Model;

namespace Reference.Chaos.Experiments.Running;

/// <summary>Feeds the per-second error share to a <see cref="Safeguard"/> and trips once.</summary>
internal sealed class SafeguardWatch(Safeguard safeguard, Action trip)
{
    private readonly List<double> _shares = [];
    private int _tripped;

    public void Observe(double errorShare)
    {
        lock (_shares)
        {
            _shares.Add(errorShare);
            if (!safeguard.Trips(_shares)) return;
        }
        if (Interlocked.Exchange(ref _tripped, 1) == 0) trip();
    }
}
