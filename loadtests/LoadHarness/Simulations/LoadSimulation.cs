namespace Reference.Load.Simulations;

/// <summary>
/// One stretch of a load run, in NBomber's vocabulary. Simulations run one after another; each one
/// belongs to a named phase, and consecutive simulations with the same phase name are reported as one
/// phase (a ramp and the plateau after it can both be "spike").
/// </summary>
public abstract record LoadSimulation(TimeSpan During, string? Phase)
{
    /// <summary>Requests per second this simulation asks for at its end (what a following ramp starts from).</summary>
    internal abstract double EndRatePerSecond(double startRatePerSecond);

    /// <summary>"1s", "250ms", "2m" — how a person would write it.</summary>
    protected static string Describe(TimeSpan time) =>
        time.TotalMilliseconds < 1000 || time.Milliseconds != 0 ? $"{time.TotalMilliseconds:0.##}ms"
        : time.TotalSeconds < 120 || time.Seconds != 0 ? $"{time.TotalSeconds:0}s"
        : $"{time.TotalMinutes:0}m";

    internal virtual void Validate(int index)
    {
        if (During <= TimeSpan.Zero)
            throw new ArgumentException($"simulations[{index}] ({GetType().Name}): during must be positive, got {During}.");
    }
}

/// <summary>Open model: <paramref name="Rate"/> requests per <paramref name="Interval"/>, started on schedule
/// whether or not earlier ones have finished.</summary>
public sealed record InjectSimulation(double Rate, TimeSpan Interval, TimeSpan During, string? Phase)
    : LoadSimulation(During, Phase)
{
    public double RatePerSecond => Rate / Interval.TotalSeconds;
    internal override double EndRatePerSecond(double startRatePerSecond) => RatePerSecond;
    public override string ToString() => $"Inject(rate: {Rate:0.##}, interval: {Describe(Interval)}, during: {Describe(During)})";

    internal override void Validate(int index)
    {
        base.Validate(index);
        if (Rate < 0 || double.IsNaN(Rate)) throw new ArgumentException($"simulations[{index}] (Inject): rate must be >= 0, got {Rate}.");
        if (Interval <= TimeSpan.Zero) throw new ArgumentException($"simulations[{index}] (Inject): interval must be positive, got {Interval}.");
    }
}

/// <summary>Open model: the arrival rate moves linearly from the previous simulation's rate to
/// <paramref name="Rate"/> per <paramref name="Interval"/> over <paramref name="During"/>.</summary>
public sealed record RampingInjectSimulation(double Rate, TimeSpan Interval, TimeSpan During, string? Phase)
    : LoadSimulation(During, Phase)
{
    public double RatePerSecond => Rate / Interval.TotalSeconds;
    internal override double EndRatePerSecond(double startRatePerSecond) => RatePerSecond;
    public override string ToString() => $"RampingInject(rate: {Rate:0.##}, interval: {Describe(Interval)}, during: {Describe(During)})";

    internal override void Validate(int index)
    {
        base.Validate(index);
        if (Rate < 0 || double.IsNaN(Rate)) throw new ArgumentException($"simulations[{index}] (RampingInject): rate must be >= 0, got {Rate}.");
        if (Interval <= TimeSpan.Zero) throw new ArgumentException($"simulations[{index}] (RampingInject): interval must be positive, got {Interval}.");
    }
}

/// <summary>Closed model: <paramref name="Copies"/> virtual users each send the next request as soon as
/// the previous one is answered. Latency is measured from the actual send (there is no schedule), so
/// this model hides queueing — use it to compare, not to gate.</summary>
public sealed record KeepConstantSimulation(int Copies, TimeSpan During, string? Phase)
    : LoadSimulation(During, Phase)
{
    internal override double EndRatePerSecond(double startRatePerSecond) => 0;
    public override string ToString() => $"KeepConstant(copies: {Copies}, during: {Describe(During)})";

    internal override void Validate(int index)
    {
        base.Validate(index);
        if (Copies <= 0) throw new ArgumentException($"simulations[{index}] (KeepConstant): copies must be positive, got {Copies}.");
    }
}

/// <summary>No requests for <paramref name="During"/>.</summary>
public sealed record PauseSimulation(TimeSpan During, string? Phase) : LoadSimulation(During, Phase)
{
    internal override double EndRatePerSecond(double startRatePerSecond) => 0;
    public override string ToString() => $"Pause(during: {Describe(During)})";
}

/// <summary>Factory methods named as in NBomber (<c>Simulation.Inject(rate: 50, interval: 1s, during: 60s)</c>).</summary>
public static class Simulation
{
    public static InjectSimulation Inject(double rate, TimeSpan interval, TimeSpan during, string? phase = null) =>
        new(rate, interval, during, phase);

    public static RampingInjectSimulation RampingInject(double rate, TimeSpan interval, TimeSpan during, string? phase = null) =>
        new(rate, interval, during, phase);

    public static KeepConstantSimulation KeepConstant(int copies, TimeSpan during, string? phase = null) =>
        new(copies, during, phase);

    public static PauseSimulation Pause(TimeSpan during, string? phase = null) => new(during, phase);
}
