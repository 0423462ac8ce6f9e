using Reference.Load.Scenarios;

namespace Reference.Load.Tests;

public class WeightedPickerTests
{
    [Fact]
    public void Picks_steps_in_proportion_to_their_weights()
    {
        var picker = new WeightedPicker([70, 20, 10]);
        var random = new Random(12345);
        var counts = new int[3];
        const int draws = 100_000;
        for (var i = 0; i < draws; i++) counts[picker.Pick(random)]++;

        var shares = counts.Select(c => (double)c / draws).ToArray();
        Assert.True(Math.Abs(shares[0] - 0.70) < 0.01, $"browse share {shares[0]:P2}, expected 70 % ± 1");
        Assert.True(Math.Abs(shares[1] - 0.20) < 0.01, $"basket share {shares[1]:P2}, expected 20 % ± 1");
        Assert.True(Math.Abs(shares[2] - 0.10) < 0.01, $"checkout share {shares[2]:P2}, expected 10 % ± 1");
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.6999, 0)]
    [InlineData(0.7, 1)]
    [InlineData(0.8999, 1)]
    [InlineData(0.9, 2)]
    [InlineData(0.999999, 2)]
    public void Buckets_are_half_open_intervals_of_the_cumulative_weights(double u, int expected) =>
        Assert.Equal(expected, new WeightedPicker([70, 20, 10]).Pick(u));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Rejects_weights_that_are_not_positive(double weight) =>
        Assert.Throws<ArgumentException>(() => new WeightedPicker([1, weight]));
}
