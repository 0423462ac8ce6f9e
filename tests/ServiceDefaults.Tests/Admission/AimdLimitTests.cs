using Reference.ServiceDefaults.Admission;

namespace Reference.ServiceDefaults.Tests.Admission;

/// <summary>The limit's arithmetic: back off when congested, grow only when used, stay within bounds.</summary>
public class AimdLimitTests
{
    [Fact]
    public void A_congested_window_backs_off_by_the_ratio_and_never_below_the_minimum()
    {
        var limit = new AimdLimit(initial: 100, min: 8, max: 1000, backoffRatio: 0.9);
        Assert.Equal(-10, limit.Adjust(congested: true, peakInFlight: 100));
        Assert.Equal(90, limit.Current);
        for (var i = 0; i < 100; i++) limit.Adjust(congested: true, peakInFlight: 0);
        Assert.Equal(8, limit.Current);
    }

    [Fact]
    public void A_small_limit_still_backs_off_by_at_least_one()
    {
        var limit = new AimdLimit(initial: 9, min: 1, max: 100, backoffRatio: 0.99);
        limit.Adjust(congested: true, peakInFlight: 9);
        Assert.Equal(8, limit.Current);
    }

    [Fact]
    public void An_uncongested_window_that_used_the_limit_grows_it_by_about_its_square_root_up_to_the_maximum()
    {
        var limit = new AimdLimit(initial: 64, min: 8, max: 100, backoffRatio: 0.9);
        Assert.Equal(8, limit.Adjust(congested: false, peakInFlight: 32));
        Assert.Equal(72, limit.Current);
        for (var i = 0; i < 20; i++) limit.Adjust(congested: false, peakInFlight: limit.Current);
        Assert.Equal(100, limit.Current);
    }

    [Fact]
    public void An_idle_window_leaves_the_limit_where_it_is()
    {
        var limit = new AimdLimit(initial: 64, min: 8, max: 1000, backoffRatio: 0.9);
        Assert.Equal(0, limit.Adjust(congested: false, peakInFlight: 31));
        Assert.Equal(64, limit.Current);
    }
}
