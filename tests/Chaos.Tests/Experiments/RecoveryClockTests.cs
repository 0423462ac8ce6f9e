extern alias load;

using Reference.Chaos.Experiments.Running;
using load::Reference.Load.Stats;

namespace Reference.Chaos.Tests.Experiments;

public sealed class RecoveryClockTests
{
    private static SecondStats Good(int s) => new(s, "recovery", 50, 50, 0, 0, 5, 20, 30);
    private static SecondStats Failing(int s) => new(s, "recovery", 50, 50, 10, 0, 5, 20, 30);
    private static SecondStats Shedding(int s) => new(s, "recovery", 50, 50, 0, 5, 5, 20, 30);
    private static SecondStats Slow(int s) => new(s, "recovery", 50, 50, 0, 0, 500, RecoveryClock.SteadyP99Ms + 1, 2000);

    [Fact]
    public void Counts_from_the_fault_removed_to_the_first_of_three_steady_seconds()
    {
        SecondStats[] seconds = [Failing(0), Failing(1), Failing(2), Failing(3), Good(4), Good(5), Good(6), Good(7)];

        Assert.Equal(TimeSpan.FromSeconds(1.5), RecoveryClock.Measure(seconds, from: 2.5));
    }

    [Fact]
    public void One_good_second_between_bad_ones_is_not_recovery()
    {
        SecondStats[] seconds = [Failing(0), Good(1), Shedding(2), Good(3), Slow(4), Good(5), Good(6), Good(7)];

        Assert.Equal(TimeSpan.FromSeconds(5), RecoveryClock.Measure(seconds, from: 0));
    }

    [Fact]
    public void Is_zero_when_the_system_never_left_its_steady_state()
    {
        SecondStats[] seconds = [Good(0), Good(1), Good(2), Good(3)];

        Assert.Equal(TimeSpan.Zero, RecoveryClock.Measure(seconds, from: 1.7));
    }

    [Fact]
    public void Is_null_when_the_series_ends_before_three_steady_seconds()
    {
        SecondStats[] seconds = [Failing(0), Failing(1), Good(2), Good(3)];

        Assert.Null(RecoveryClock.Measure(seconds, from: 0));
    }
}
