namespace Reference.Dashboard.Storage;

/// <summary>
/// How much telemetry the dashboard keeps in memory (configuration section <c>Dashboard:Limits</c>).
/// Oldest data goes first when a limit is reached; every drop is counted and shown in the UI.
/// </summary>
public sealed class TelemetryLimits
{
    public const string SectionName = "Dashboard:Limits";

    public int MaxSpans { get; set; } = 10_000;
    public int MaxLogs { get; set; } = 10_000;
    /// <summary>Points kept per metric series (one series = service + instance + metric + attributes).</summary>
    public int MaxPointsPerSeries { get; set; } = 720;
    /// <summary>Distinct metric series kept; points for a series beyond this are dropped (and counted).</summary>
    public int MaxSeries { get; set; } = 5_000;

    public void Validate()
    {
        if (MaxSpans < 1) throw new InvalidOperationException($"{SectionName}:MaxSpans must be at least 1.");
        if (MaxLogs < 1) throw new InvalidOperationException($"{SectionName}:MaxLogs must be at least 1.");
        if (MaxPointsPerSeries < 2) throw new InvalidOperationException($"{SectionName}:MaxPointsPerSeries must be at least 2.");
        if (MaxSeries < 1) throw new InvalidOperationException($"{SectionName}:MaxSeries must be at least 1.");
    }
}
