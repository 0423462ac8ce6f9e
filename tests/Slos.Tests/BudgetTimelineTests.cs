using Reference.SloPage;

namespace Reference.Slos.Tests;

/// <summary>How the SLO page turns a filtered range query (points only where the condition held) into timeline markers.</summary>
public sealed class BudgetTimelineTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Consecutive_steps_are_one_marker_and_a_gap_starts_another()
    {
        var step = BudgetTimeline.Step;
        var series = new Series(new Dictionary<string, string>(), [(T, 1), (T + step, 1), (T + 2 * step, 1), (T + 5 * step, 1)]);

        var markers = BudgetTimeline.Stretches(series, MarkerKind.Chaos, "postgres down").ToList();

        // Each point stands for the step that ends at it (max_over_time over one step).
        Assert.Equal(
            [new Marker(MarkerKind.Chaos, "postgres down", T - step, T + 2 * step), new Marker(MarkerKind.Chaos, "postgres down", T + 4 * step, T + 5 * step)],
            markers);
    }

    [Fact]
    public void A_series_with_no_points_marks_nothing()
    {
        Assert.Empty(BudgetTimeline.Stretches(new Series(new Dictionary<string, string>(), []), MarkerKind.Load, "load run"));
    }
}
