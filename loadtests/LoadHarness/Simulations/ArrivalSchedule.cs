namespace Reference.Load.Simulations;

/// <summary>
/// The intended start times of an open-model simulation, as offsets from the simulation's start.
/// Computed, never measured: a request's latency is counted from here, so a slow target cannot
/// slow the schedule down and hide its own queueing (coordinated omission).
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>Offsets (seconds) of every arrival in <paramref name="simulation"/>;
    /// <paramref name="startRatePerSecond"/> is where a ramp starts from.</summary>
    public static IEnumerable<double> Offsets(LoadSimulation simulation, double startRatePerSecond) => simulation switch
    {
        InjectSimulation inject => Constant(inject.RatePerSecond, inject.During.TotalSeconds),
        RampingInjectSimulation ramp => Ramp(startRatePerSecond, ramp.RatePerSecond, ramp.During.TotalSeconds),
        _ => [],
    };

    /// <summary>How many requests an open-model simulation plans (0 for closed models and pauses).</summary>
    public static long PlannedCount(LoadSimulation simulation, double startRatePerSecond) => simulation switch
    {
        InjectSimulation or RampingInjectSimulation => Offsets(simulation, startRatePerSecond).LongCount(),
        _ => 0,
    };

    private static IEnumerable<double> Constant(double ratePerSecond, double seconds)
    {
        if (ratePerSecond <= 0) yield break;
        var spacing = 1.0 / ratePerSecond;
        // Multiply instead of accumulating so rounding errors do not drift over long runs.
        for (long k = 0; ; k++)
        {
            var t = k * spacing;
            if (t >= seconds - 1e-9) yield break;
            yield return t;
        }
    }

    private static IEnumerable<double> Ramp(double from, double to, double seconds)
    {
        // Arrivals so far N(t) = from*t + (to-from)*t^2/(2*seconds); arrival k sits where N(t) = k + 0.5.
        var a = (to - from) / (2 * seconds);
        var b = from;
        for (long k = 0; ; k++)
        {
            var n = k + 0.5;
            double t;
            if (Math.Abs(a) < 1e-12)
            {
                if (b <= 0) yield break;
                t = n / b;
            }
            else
            {
                var discriminant = b * b + 4 * a * n;
                if (discriminant < 0) yield break; // a falling ramp that never reaches n arrivals
                t = (-b + Math.Sqrt(discriminant)) / (2 * a);
            }
            if (double.IsNaN(t) || t >= seconds) yield break;
            yield return t;
        }
    }
}
