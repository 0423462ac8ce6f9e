using Reference.Load.Runner;
using Reference.Load.Simulations;

namespace Reference.Load.Tests;

public class ArrivalScheduleTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Inject_spaces_arrivals_evenly_at_the_requested_rate()
    {
        var offsets = ArrivalSchedule.Offsets(Simulation.Inject(50, Second, TimeSpan.FromSeconds(2)), 0).ToArray();

        Assert.Equal(100, offsets.Length);
        Assert.Equal(0, offsets[0]);
        Assert.All(offsets.Zip(offsets.Skip(1)), pair => Assert.Equal(0.02, pair.Second - pair.First, 9));
    }

    [Fact]
    public void Inject_rate_is_per_interval()
    {
        // 10 per 100 ms is 100 per second.
        Assert.Equal(100, ArrivalSchedule.PlannedCount(Simulation.Inject(10, TimeSpan.FromMilliseconds(100), Second), 0));
    }

    [Fact]
    public void Ramping_inject_moves_linearly_from_the_previous_rate()
    {
        // From 0 to 100/s over 2 s: 100 arrivals in all, three times as many in the second half as in the first.
        var offsets = ArrivalSchedule.Offsets(Simulation.RampingInject(100, Second, TimeSpan.FromSeconds(2)), 0).ToArray();

        Assert.InRange(offsets.Length, 99, 101);
        var firstHalf = offsets.Count(t => t < 1);
        var secondHalf = offsets.Length - firstHalf;
        Assert.InRange(firstHalf, 24, 26);
        Assert.InRange(secondHalf, 74, 76);
        Assert.True(offsets.SequenceEqual(offsets.Order()), "arrivals must be in time order");
    }

    [Fact]
    public void Plan_merges_consecutive_simulations_of_one_phase_and_lays_them_end_to_end()
    {
        var plan = RunPlan.Create(
        [
            Simulation.Inject(10, Second, TimeSpan.FromSeconds(5), "before"),
            Simulation.RampingInject(100, Second, TimeSpan.FromSeconds(2), "spike"),
            Simulation.Inject(100, Second, TimeSpan.FromSeconds(3), "spike"),
            Simulation.Pause(TimeSpan.FromSeconds(1)),
        ]);

        Assert.Equal(["before", "spike", "phase-4"], plan.Phases.Select(p => p.Name));
        Assert.Equal(TimeSpan.FromSeconds(5), plan.Phases[1].Start);
        Assert.Equal(TimeSpan.FromSeconds(5), plan.Phases[1].Duration);
        Assert.Equal(TimeSpan.FromSeconds(11), plan.Total);
        Assert.Equal(10, plan.Simulations[1].StartRatePerSecond); // the ramp starts where the previous rate ended
        Assert.Equal(100, plan.Simulations[2].StartRatePerSecond);
        Assert.Equal("spike", plan.PhaseAt(TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public void Plan_rejects_nonsense_with_a_message_naming_the_simulation()
    {
        var error = Assert.Throws<ArgumentException>(() => RunPlan.Create([Simulation.Inject(-1, Second, Second)]));
        Assert.Contains("simulations[0]", error.Message);
        Assert.Throws<ArgumentException>(() => RunPlan.Create([]));
        Assert.Throws<ArgumentException>(() => RunPlan.Create([Simulation.KeepConstant(0, Second)]));
    }
}
